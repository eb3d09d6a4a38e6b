// The worker's jobs share WORKER_DATABASE_POOL_SIZE connections: a burst of orders is routed in full
// while the worker never holds more, so its database work cannot crowd the api's intake.
import type { INestApplicationContext } from '@nestjs/common';
import { loadConfig } from '@hotline/config';
import {
  type IsolatedDatabase,
  type TestApp,
  bootTestApp,
  bootTestWorker,
  createDepartment,
  createIsolatedDatabase,
  createUser,
  pollUntil,
} from '@hotline/testing';

const TEXTS = [
  { title: '小区停水', content: '家里自来水停了一整天，没有任何通知' },
  { title: '工地夜间施工', content: '半夜还在打桩，噪音太大睡不着', matterCode: 'cg.noise.construction' },
  { title: '拖欠工资', content: '公司拖欠我们三个月工资不发', matterCode: 'sb.wage_arrears' },
];

describe('the worker connection pool', () => {
  let db: IsolatedDatabase | undefined;
  let t: TestApp | undefined;
  let worker: INestApplicationContext | undefined;

  beforeAll(async () => {
    db = await createIsolatedDatabase('workerpool');
    t = await bootTestApp({ env: db.env });
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await db?.drop();
  }, 60_000);

  it('routes a burst of 300 orders on at most WORKER_DATABASE_POOL_SIZE (2) connections', async () => {
    const app = t as TestApp;
    // Threshold 0: the worker dispatches every order, so all of them take the whole routing path.
    const centre = await createDepartment(app.owner, { kind: 'centre' });
    await app.owner.query(`INSERT INTO routing_settings (centre_id, mode, threshold) VALUES ($1, 'auto', 0)`, [centre.id]);
    const agent = await createUser(app.owner, 'agent', { department: centre });
    const token = await app.token(agent);

    worker = await bootTestWorker(loadConfig({ ...db!.env, WORKER_DATABASE_POOL_SIZE: '2' }));
    const counts: number[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const [r] = (await app.owner.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'hotline-worker'`,
        )) as { n: number }[];
        counts.push(r.n);
        await new Promise((res) => setTimeout(res, 10));
      }
    })();

    const ids: string[] = [];
    for (let i = 0; i < 300; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: 50 }, (_, k) => {
          const text = TEXTS[(i + k) % TEXTS.length];
          return app
            .http()
            .post('/api/work-orders')
            .set('authorization', `Bearer ${token}`)
            .send({ kind: 'complaint', priority: 'normal', language: 'zh', channel: 'phone', ...text, title: `${text.title} ${i + k}` });
        }),
      );
      for (const r of batch) {
        expect(r.status).toBe(201);
        ids.push(r.body.id as string);
      }
    }
    await pollUntil(
      async () => {
        const [r] = (await app.owner.query(`SELECT count(*)::int AS n FROM work_orders WHERE id = ANY($1) AND status = 'dispatched'`, [ids])) as {
          n: number;
        }[];
        return r.n === ids.length;
      },
      { timeoutMs: 60_000, intervalMs: 200, what: 'every order dispatched' },
    );
    sampling = false;
    await sampler;

    // The sampler saw the worker connected while it routed, and never on more than its pool.
    expect(Math.max(...counts)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...counts)).toBeLessThanOrEqual(2);
    const [d] = (await app.owner.query(`SELECT count(*)::int AS n FROM dispatch_records WHERE level = 1 AND work_order_id = ANY($1)`, [ids])) as {
      n: number;
    }[];
    expect(d.n).toBe(ids.length);
  }, 120_000);
});
