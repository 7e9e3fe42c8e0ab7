'use strict';

const { request } = require('undici');

const NOTIFY_URL = process.env.NOTIFY_URL || 'http://notifications:7000';

async function subscribers(event) {
  await request(`${NOTIFY_URL}/v1/broadcast`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ topic: `event.${event.id}`, payload: event }),
  });
}

async function status() {
  const res = await fetch(`${NOTIFY_URL}/status`);
  return res.json();
}

module.exports = { subscribers, status };
