const request = require('supertest');
const app = require('../src/app');

describe('accounts api', () => {
  it('rejects anonymous requests', async () => {
    await request(app).get('/api/accounts/42').expect(401);
  });

  it('pings', async () => {
    await request(app).post('/api/ping').expect(200, 'pong');
  });

  it('does not serve legacy routes', async () => {
    await request(app).get('/legacy/users/1').expect(404);
  });
});
