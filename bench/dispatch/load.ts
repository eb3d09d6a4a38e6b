// Dispatch load: POST /api/work-orders at a steady rate (open loop: one request every 1/RATE s
// whatever the answers do), then from PostgreSQL the time from each order's creation to its
// dispatch record (or, for orders the router leaves to a dispatcher, to its suggestion), and Redis
// memory once the worker has drained. Prints one JSON object to stdout; progress goes to stderr.
//
//   BENCH_URL=http://127.0.0.1:3200 DATABASE_URL=… REDIS_URL=… QUEUE_PREFIX=… \
//     node -r ./scripts/register.js bench/dispatch/load.ts
//
// Knobs: RATE (200 orders/s), DURATION_S (60), WARMUP_S (5: sent at the same rate first and left out
// of the figures: connection pools filling, prepared statements, JIT), MATTER_SHARE (0.4: orders whose agent picked the
// matter from the catalogue), BENCH_PASSWORD (Hotline12345!).
import { Agent, request } from 'node:http';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { generateRoutingCorpus } from '@hotline/testing';

const BASE = process.env.BENCH_URL ?? 'http://127.0.0.1:3200';
// node:http with keep-alive rather than fetch: the load generator shares the two cores with the
// system under test, and fetch costs it about three times the CPU per request.
const agent = new Agent({ keepAlive: true, maxSockets: 256 });
const target = new URL('/api/work-orders', BASE);

function post(body: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
const num = (name: string, dflt: number) => (process.env[name] ? Number(process.env[name]) : dflt);
const RATE = num('RATE', 200);
const DURATION_S = num('DURATION_S', 60);
const WARMUP_S = num('WARMUP_S', 5);
const MATTER_SHARE = num('MATTER_SHARE', 0.4);
const PASSWORD = process.env.BENCH_PASSWORD ?? 'Hotline12345!';
const log = (msg: string) => process.stderr.write(`[load] ${msg}\n`);

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function summary(values: number[]): { n: number; p50: number; p90: number; p99: number; max: number } {
  const s = [...values].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p90: percentile(s, 90), p99: percentile(s, 99), max: s[s.length - 1] ?? NaN };
}

async function redisMemory(redis: Redis, prefix: string): Promise<{ usedMemoryBytes: number; keys: number; jobsKept: Record<string, number> }> {
  const info = await redis.info('memory');
  const used = Number(/used_memory:(\d+)/.exec(info)?.[1] ?? NaN);
  let keys = 0;
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 2000);
    keys += batch.length;
    cursor = next;
  } while (cursor !== '0');
  const jobsKept: Record<string, number> = {};
  for (const q of ['events', 'dispatch', 'deadlines', 'surveys', 'delivery']) {
    const [completed, failed, waiting, delayed] = await Promise.all([
      redis.zcard(`${prefix}:${q}:completed`),
      redis.zcard(`${prefix}:${q}:failed`),
      redis.llen(`${prefix}:${q}:wait`),
      redis.zcard(`${prefix}:${q}:delayed`),
    ]);
    jobsKept[q] = completed + failed + waiting + delayed;
  }
  return { usedMemoryBytes: used, keys, jobsKept };
}

async function main(): Promise<void> {
  const prefix = process.env.QUEUE_PREFIX ?? '{hotline-bench}';
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
  const pg = new Client({ connectionString: process.env.DATABASE_URL });
  await pg.connect();
  const memoryBefore = await redisMemory(redis, prefix);

  const login = await fetch(`${BASE}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'agent01', password: PASSWORD }),
  });
  if (!login.ok) throw new Error(`login failed: ${login.status}`);
  const { accessToken } = (await login.json()) as { accessToken: string };
  const total = RATE * DURATION_S;
  const warmup = RATE * WARMUP_S;
  const corpus = generateRoutingCorpus({ size: warmup + total, seed: 7 });
  const bodies = corpus.map((c, i) =>
    JSON.stringify({
      kind: 'complaint',
      priority: 'normal',
      language: 'zh',
      channel: 'phone',
      title: c.title,
      content: c.content,
      address: c.address,
      ...(c.districtCode ? { districtCode: c.districtCode } : {}),
      ...(i % 100 < MATTER_SHARE * 100 ? { matterCode: c.matterCode } : {}),
    }),
  );
  const runStarted = (await pg.query<{ now: Date }>('SELECT now()')).rows[0].now;
  /** Orders created from here on are measured; the warm-up's are not. */
  let started = runStarted;
  log(`sending ${warmup} warm-up creates, then ${total} measured, at ${RATE}/s (open loop)`);

  const statuses = new Map<number, number>();
  const httpMs: number[] = [];
  const inflight: Promise<void>[] = [];
  const t0 = performance.now();
  let lateMs = 0;
  for (let i = 0; i < warmup + total; i++) {
    const due = t0 + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    else if (i >= warmup) lateMs = Math.max(lateMs, -wait);
    if (i === warmup) started = new Date();
    const measured = i >= warmup;
    const sent = performance.now();
    inflight.push(
      post(bodies[i], accessToken)
        .then((status) => {
          if (!measured) return;
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          httpMs.push(performance.now() - sent);
        })
        .catch(() => {
          if (measured) statuses.set(0, (statuses.get(0) ?? 0) + 1);
        }),
    );
  }
  await Promise.all(inflight);
  const sendSeconds = (performance.now() - t0) / 1000;
  log(`sent in ${sendSeconds.toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries(statuses))}`);

  // Wait until every order of the run is dispatched or waiting in the manual queue (bounded).
  const deadline = Date.now() + 120_000;
  let pending = Infinity;
  while (Date.now() < deadline) {
    pending = Number(
      (
        await pg.query(
          `SELECT count(*) AS n FROM work_orders wo WHERE wo.created_at >= $1 AND wo.status = 'registered'
           AND NOT EXISTS (SELECT 1 FROM routing_suggestions rs WHERE rs.work_order_id = wo.id)`,
          [runStarted],
        )
      ).rows[0].n,
    );
    if (pending === 0) break;
    await new Promise((r) => setTimeout(r, 500));
  }

  const dispatched = await pg.query<{ ms: number; routed_by: string }>(
    `SELECT extract(epoch FROM dr.dispatched_at - wo.created_at) * 1000 AS ms, dr.routed_by
     FROM work_orders wo JOIN dispatch_records dr ON dr.work_order_id = wo.id AND dr.hop = 1
     WHERE wo.created_at >= $1`,
    [started],
  );
  const suggested = await pg.query<{ ms: number }>(
    `SELECT extract(epoch FROM rs.created_at - wo.created_at) * 1000 AS ms
     FROM work_orders wo JOIN routing_suggestions rs ON rs.work_order_id = wo.id WHERE wo.created_at >= $1`,
    [started],
  );
  // Where the time goes: commit → published by the relay, published → dispatch record.
  const relayLag = await pg.query<{ ms: number }>(
    `SELECT extract(epoch FROM published_at - created_at) * 1000 AS ms FROM outbox WHERE job_name = 'order.route' AND created_at >= $1 AND published_at IS NOT NULL`,
    [started],
  );
  const created = Number((await pg.query(`SELECT count(*) AS n FROM work_orders WHERE created_at >= $1`, [started])).rows[0].n);
  const doubles = Number(
    (
      await pg.query(
        `SELECT count(*) AS n FROM (SELECT work_order_id FROM dispatch_records dr JOIN work_orders wo ON wo.id = dr.work_order_id
         WHERE wo.created_at >= $1 AND dr.level = 1 GROUP BY work_order_id HAVING count(*) > 1) x`,
        [runStarted],
      )
    ).rows[0].n,
  );

  // Let the worker finish the event fan-out so memory shows what stays, not what is in flight.
  const drainUntil = Date.now() + 60_000;
  while (Date.now() < drainUntil) {
    const waiting = await Promise.all(['events', 'dispatch', 'deadlines', 'delivery'].map((q) => redis.llen(`${prefix}:${q}:wait`)));
    if (waiting.every((n) => n === 0)) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const memoryAfter = await redisMemory(redis, prefix);
  const byRoute: Record<string, number> = {};
  for (const r of dispatched.rows) byRoute[r.routed_by] = (byRoute[r.routed_by] ?? 0) + 1;

  process.stdout.write(
    JSON.stringify(
      {
        rate: RATE,
        durationS: DURATION_S,
        warmupS: WARMUP_S,
        sent: total,
        sendSeconds,
        maxSchedulerLagMs: Math.round(lateMs),
        statuses: Object.fromEntries(statuses),
        created,
        createHttpMs: summary(httpMs),
        createdToDispatchMs: summary(dispatched.rows.map((r) => Number(r.ms))),
        routeJobCommitToPublishMs: summary(relayLag.rows.map((r) => Number(r.ms))),
        dispatchedBy: byRoute,
        createdToSuggestionMs: summary(suggested.rows.map((r) => Number(r.ms))),
        leftUnrouted: pending,
        doubleDispatches: doubles,
        redis: { before: memoryBefore, after: memoryAfter },
      },
      null,
      2,
    ) + '\n',
  );
  agent.destroy();
  await pg.end();
  redis.disconnect();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
