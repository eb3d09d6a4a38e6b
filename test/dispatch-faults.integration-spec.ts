// Nothing acknowledged is lost and nothing is dispatched twice: Redis stopping for 20 s under load,
// a worker killed with SIGKILL in the middle of a batch, and two workers routing the same orders.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { loadConfig } from '@hotline/config';
import {
  type IsolatedDatabase,
  type TestApp,
  TestRedisServer,
  type TestUser,
  bootTestApp,
  bootTestWorker,
  createDepartment,
  createIsolatedDatabase,
  createUser,
  pollUntil,
} from '@hotline/testing';

const ROOT = join(__dirname, '..');
const TEXTS = [
  { title: '小区停水', content: '家里自来水停了一整天，没有任何通知' },
  { title: '暖气不热', content: '家里暖气片冰凉，室温只有十四度' },
  { title: '工地夜间施工', content: '半夜还在打桩，噪音太大睡不着', matterCode: 'cg.noise.construction' },
  { title: '燃气味道', content: '楼道里有很重的煤气味，担心燃气管道漏气' },
  { title: '拖欠工资', content: '公司拖欠我们三个月工资不发', matterCode: 'sb.wage_arrears' },
];

function order(i: number): Record<string, unknown> {
  return { kind: 'complaint', priority: 'normal', language: 'zh', channel: 'phone', ...TEXTS[i % TEXTS.length], title: `${TEXTS[i % TEXTS.length].title} ${i}` };
}

/** Level-1 dispatch records per order: 1 means routed once, 2 would be a double dispatch. */
async function dispatchCounts(ds: DataSource, ids: string[]): Promise<Map<string, number>> {
  const rows = (await ds.query(`SELECT work_order_id AS id, count(*)::int AS n FROM dispatch_records WHERE level = 1 AND work_order_id = ANY($1) GROUP BY work_order_id`, [ids])) as {
    id: string;
    n: number;
  }[];
  return new Map(rows.map((r) => [r.id, r.n]));
}

async function allDispatchedOnce(ds: DataSource, ids: string[]): Promise<boolean> {
  const counts = await dispatchCounts(ds, ids);
  return ids.every((id) => counts.get(id) === 1);
}

/** A worker in its own process, so it can be killed for real. */
function spawnWorker(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['-r', './scripts/register.js', 'apps/worker/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env, LOG_LEVEL: 'error' },
    stdio: 'ignore',
  });
}

function killHard(p: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (p.exitCode !== null) return resolve();
    p.once('exit', () => resolve());
    p.kill('SIGKILL');
  });
}

// Each block runs on a database and queue prefix of its own: the workers here must see only these orders,
// and a worker left behind by a failure must not disturb the rest of the run.
describe('dispatch under faults', () => {
  let agent: TestUser;
  const workers: INestApplicationContext[] = [];

  async function createAll(t: TestApp, n: number, from = 0): Promise<string[]> {
    const token = await t.token(agent);
    const ids: string[] = [];
    for (let i = from; i < from + n; i += 25) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(25, from + n - i) }, (_, k) => t.http().post('/api/work-orders').set('authorization', `Bearer ${token}`).send(order(i + k))),
      );
      for (const r of batch) {
        expect(r.status).toBe(201);
        ids.push(r.body.id as string);
      }
    }
    return ids;
  }

  async function autoCentreAgent(t: TestApp): Promise<TestUser> {
    // Threshold 0: every order is dispatched by the worker (the fault is what is under test, not the router).
    const centre = await createDepartment(t.owner, { kind: 'centre' });
    await t.owner.query(`INSERT INTO routing_settings (centre_id, mode, threshold) VALUES ($1, 'auto', 0)`, [centre.id]);
    return createUser(t.owner, 'agent', { department: centre });
  }

  describe('Redis stopped for 20 s while orders are created', () => {
    const redis = new TestRedisServer(17379 + (process.pid % 1000));
    let db: IsolatedDatabase | undefined;
    let t: TestApp;
    let worker: INestApplicationContext | undefined;

    beforeAll(async () => {
      db = await createIsolatedDatabase('redisfault');
      await redis.start();
      const env = { ...db.env, REDIS_URL: redis.url };
      t = await bootTestApp({ env });
      worker = await bootTestWorker(loadConfig(env));
      agent = await autoCentreAgent(t);
    }, 120_000);

    afterAll(async () => {
      await redis.start().catch(() => undefined);
      await worker?.close();
      await t?.close();
      await redis.kill();
      await db?.drop();
    }, 60_000);

    it('answers 201 to every create and dispatches every order within 30 s of Redis returning', async () => {
      const ids = await createAll(t, 20);
      await redis.kill();
      const downUntil = Date.now() + 20_000;
      let i = 20;
      while (Date.now() < downUntil) {
        ids.push(...(await createAll(t, 10, i)));
        i += 10;
        await new Promise((r) => setTimeout(r, 500));
      }
      expect(ids.length).toBeGreaterThan(100);
      await redis.start();
      const back = Date.now();
      await pollUntil(() => allDispatchedOnce(t.owner, ids), { timeoutMs: 30_000, intervalMs: 250, what: 'every order dispatched after Redis returned' });
      const counts = await dispatchCounts(t.owner, ids);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
      expect(Date.now() - back).toBeLessThan(30_000);
    }, 120_000);
  });

  describe('workers that die or run side by side', () => {
    let db: IsolatedDatabase | undefined;
    let t: TestApp;

    beforeAll(async () => {
      db = await createIsolatedDatabase('workerfault');
      t = await bootTestApp({ env: db.env });
      agent = await autoCentreAgent(t);
    }, 120_000);

    afterAll(async () => {
      // Workers of a test that timed out are closed here, never left to the next test file.
      await Promise.all(workers.splice(0).map((w) => w.close()));
      await t?.close();
      await db?.drop();
    }, 60_000);

    it('loses no order and dispatches none twice when the worker is killed with SIGKILL mid-batch', async () => {
      const ids = await createAll(t, 300);
      const first = spawnWorker(db!.env);
      try {
        // Kill it once it is part-way through the batch.
        await pollUntil(async () => ((await dispatchCounts(t.owner, ids)).size >= 30 ? true : undefined), { timeoutMs: 90_000, intervalMs: 50, what: 'the first worker to start dispatching' });
      } finally {
        await killHard(first);
      }
      const doneByFirst = (await dispatchCounts(t.owner, ids)).size;
      expect(doneByFirst).toBeLessThan(ids.length);
      const second = spawnWorker(db!.env);
      try {
        await pollUntil(() => allDispatchedOnce(t.owner, ids), { timeoutMs: 90_000, intervalMs: 250, what: 'the restarted worker to dispatch the rest' });
      } finally {
        await killHard(second);
      }
      const counts = await dispatchCounts(t.owner, ids);
      expect(counts.size).toBe(ids.length);
      expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
    }, 240_000);

    it('dispatches each order once with two workers consuming the same queue', async () => {
      const cfg = loadConfig(db!.env);
      workers.push(...(await Promise.all([bootTestWorker(cfg), bootTestWorker(cfg)])));
      try {
        const ids = await createAll(t, 200, 1000);
        await pollUntil(() => allDispatchedOnce(t.owner, ids), { timeoutMs: 60_000, intervalMs: 250, what: 'both workers to dispatch every order' });
        const counts = await dispatchCounts(t.owner, ids);
        expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
        // Both relays and both processors took part.
        const events = (await t.owner.query(`SELECT count(*)::int AS n FROM work_order_events WHERE type = 'dispatched' AND work_order_id = ANY($1)`, [ids])) as { n: number }[];
        expect(events[0].n).toBe(ids.length);
      } finally {
        await Promise.all(workers.splice(0).map((w) => w.close()));
      }
    }, 150_000);
  });
});
