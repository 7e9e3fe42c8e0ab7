'use strict';

module.exports = async function ticketsRoutes(fastify) {
  const sold = [];

  fastify.get('/', async (request) => sold.filter((t) => t.eventId === request.params.eventId));

  fastify.post('/', async (request, reply) => {
    const ticket = { eventId: request.params.eventId, seat: request.body.seat };
    sold.push(ticket);
    reply.code(201);
    return ticket;
  });
};
