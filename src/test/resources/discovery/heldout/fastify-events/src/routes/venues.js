'use strict';

const path = require('path');
const fs = require('fs/promises');

const MAPS_DIR = path.join(__dirname, '..', '..', 'maps');

async function venuesRoutes(fastify) {
  fastify.get('/', async () => [
    { id: 'arena', name: 'City Arena' },
    { id: 'club', name: 'Basement Club' },
  ]);

  // seat maps are SVG files in nested folders: /v1/venues/maps/arena/floor1.svg
  fastify.get('/maps/*', async (request, reply) => {
    const file = path.normalize(request.params['*']).replace(/^(\.\.[/\\])+/, '');
    const svg = await fs.readFile(path.join(MAPS_DIR, file));
    return reply.type('image/svg+xml').send(svg);
  });
}

module.exports = venuesRoutes;
