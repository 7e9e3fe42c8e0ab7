'use strict';

const { test } = require('node:test');
const assert = require('node:assert');
const build = require('../src/app');

test('unknown event returns 404', async () => {
  const app = build({ logger: false });
  const res = await app.inject({ method: 'GET', url: '/v1/events/nope' });
  assert.strictEqual(res.statusCode, 404);
});

test('old unversioned path is not served', async () => {
  const app = build({ logger: false });
  const res = await app.inject({ method: 'GET', url: '/events' });
  assert.strictEqual(res.statusCode, 404);
});
