import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import * as request from 'supertest';
import { AppModule } from '../src/app.module';

describe('Items (e2e)', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    app = moduleRef.createNestApplication();
    await app.init();
  });

  it('GET /items/1 -> 404 on empty store', () => {
    return request(app.getHttpServer()).get('/items/1').expect(404);
  });

  it('legacy routes are not served', () => {
    return request(app.getHttpServer()).get('/legacy/stock/ABC').expect(404);
  });

  afterAll(() => app.close());
});
