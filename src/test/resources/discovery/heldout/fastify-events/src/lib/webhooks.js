'use strict';

async function handleWebhook(request, reply) {
  if (request.method === 'GET') {
    // provider verification handshake
    return { challenge: request.query.challenge };
  }
  request.log.info({ provider: request.params.provider }, 'webhook received');
  return reply.code(202).send();
}

module.exports = { handleWebhook };
