'use strict';

const Fastify = require('fastify');
const eventsRoutes = require('./routes/events');
const venuesRoutes = require('./routes/venues');
const { handleWebhook } = require('./lib/webhooks');

const API_VERSION = '/v1';

function build(opts = {}) {
  const fastify = Fastify({ logger: opts.logger ?? true });

  fastify.get('/healthz', async () => ({ status: 'ok' }));

  // Payment / ticketing providers call back here. Some of them verify the
  // endpoint with a GET first, so both verbs are accepted.
  fastify.route({
    method: ['GET', 'POST'],
    url: '/hooks/:provider',
    schema: {
      params: {
        type: 'object',
        properties: { provider: { type: 'string', enum: ['stripe', 'eventbrite'] } },
      },
    },
    handler: handleWebhook,
  });

  fastify.register(eventsRoutes, { prefix: `${API_VERSION}/events` });
  fastify.register(venuesRoutes, { prefix: '/v1/venues' });

  return fastify;
}

module.exports = build;
