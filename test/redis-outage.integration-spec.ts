// Redis may vanish without losing anything that matters: with Redis killed, the api still commits
// orders and their outbox rows; the relay keeps them until Redis is back, then publishes every one.
import type { INestApplicationContext } from '@nestjs/common';
import { loadConfig } from '@hotline/config';
import { type TestApp, TestRedisServer, type TestUser, bootTestApp, bootTestWorker, createUser, pollUntil } from '@hotline/testing';

describe('Redis outage', () => {
  const redis = new TestRedisServer(16379 + (process.pid % 1000));
  let t: TestApp;
  let agent: TestUser;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    await redis.start();
    t = await bootTestApp({ env: { REDIS_URL: redis.url } });
    worker = await bootTestWorker(loadConfig({ REDIS_URL: redis.url }));
    agent = await createUser(t.owner, 'agent');
  }, 60_000);

  afterAll(async () => {
    await redis.start().catch(() => undefined);
    await worker?.close();
    await t?.close();
    await redis.kill();
  });

  async function unpublished(ids: string[]): Promise<number> {
    const rows = await t.owner.query(`SELECT count(DISTINCT payload->>'workOrderId')::int AS n FROM outbox WHERE published_at IS NULL AND payload->>'workOrderId' = ANY($1)`, [ids]);
    return rows[0].n as number;
  }

  it('accepts every create while Redis is down and publishes them all once it is back', async () => {
    const token = await t.token(agent);
    await redis.kill();

    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        t.http().post('/api/work-orders').set('authorization', `Bearer ${token}`).send({ kind: 'help', priority: 'normal', language: 'zh', channel: 'phone', title: `停电 ${i}`, content: '小区停电了' }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(25).fill(201));
    const ids = results.map((r) => r.body.id as string);

    // The relay cannot publish while Redis is down; its claims roll back and the rows wait.
    await new Promise((r) => setTimeout(r, 6_500));
    expect(await unpublished(ids)).toBe(25);

    await redis.start();
    await pollUntil(async () => (await unpublished(ids)) === 0, { timeoutMs: 30_000, what: 'the outbox to drain after Redis returned' });
  }, 90_000);
});
