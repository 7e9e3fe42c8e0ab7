'use strict';

const ticketsRoutes = require('./tickets');
const notify = require('../lib/notify');

const eventSchema = {
  type: 'object',
  required: ['title', 'startsAt'],
  properties: {
    title: { type: 'string' },
    startsAt: { type: 'string', format: 'date-time' },
    venueId: { type: 'string' },
  },
};

/**
 * Events plugin. Mounted under /v1/events by app.js.
 * @param {import('fastify').FastifyInstance} fastify
 */
module.exports = async function eventsRoutes(fastify, opts) {
  const events = new Map();

  fastify.get('/', async () => [...events.values()]);

  fastify.get('/:eventId', async (request, reply) => {
    const event = events.get(request.params.eventId);
    if (!event) return reply.code(404).send({ error: 'not found' });
    return event;
  });

  fastify.post('/', { schema: { body: eventSchema } }, async (request, reply) => {
    const id = `evt_${events.size + 1}`;
    const event = { id, ...request.body, published: false };
    events.set(id, event);
    reply.code(201).header('location', `/v1/events/${id}`);
    return event;
  });

  fastify.put('/:eventId', { schema: { body: eventSchema } }, async (request) => {
    const event = { id: request.params.eventId, ...request.body };
    events.set(event.id, event);
    return event;
  });

  fastify.delete('/:eventId', async (request, reply) => {
    events.delete(request.params.eventId);
    reply.code(204);
  });

  fastify.route({
    method: 'POST',
    url: '/:eventId/publish',
    handler: async (request) => {
      const event = events.get(request.params.eventId);
      event.published = true;
      await notify.subscribers(event);
      return event;
    },
  });

  fastify.register(ticketsRoutes, { prefix: '/:eventId/tickets' });
};
