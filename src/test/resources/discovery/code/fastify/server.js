const fastify = require('fastify')({ logger: true });

fastify.get('/ping', async () => 'pong');
fastify.post('/items', async (request, reply) => ({}));

fastify.route({
  method: 'GET',
  url: '/items/:id',
  schema: { params: { id: { type: 'string' } } },
  handler: async (request, reply) => ({})
});

fastify.route({
  method: ['PUT', 'PATCH'],
  url: '/items/:id',
  handler: async () => ({})
});

fastify.listen({ port: 3000 });
