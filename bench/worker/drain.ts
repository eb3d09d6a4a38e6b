// Worker cost per order: a backlog of creates is made while the worker is paused, then the worker
// drains it, and the CPU every process spent meanwhile is divided by the orders. Run by
// bench/worker/run.sh, which prepares the database; prints one JSON object to stdout.
//
// Each round: the worker is started and left to boot until idle, then paused (SIGSTOP); ORDERS creates
// go through the api at 20 connections (their outbox rows wait: nothing of the worker's runs); then the
// worker is resumed (SIGCONT) and metered until the outbox is published, every order of the round is
// routed (dispatched, or waiting in the dispatchers' queue) and no job waits or runs in any queue.
// With WORKER_MAIN_B the rounds alternate between two builds, so both are measured on the same
// machine in the same minutes. RATE (orders/s) switches to the steady mode: the worker runs while the
// creates arrive at that rate (open loop), as in production, and is metered from the first create
// until it has drained (the worker's and Redis's figures are its own; PostgreSQL's and the machine's
// then include the api's creates). WORKER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") are
// given to the worker's node only. WORKER_ENV_A / WORKER_ENV_B (NAME=value words) go into that build's
// worker's environment, so one build can be compared with itself under two settings (e.g.
// WORKER_ENV_A="WORKER_DATABASE_POOL_SIZE=20" WORKER_ENV_B="WORKER_DATABASE_POOL_SIZE=2"): B then
// runs with WORKER_MAIN's build unless WORKER_MAIN_B names another.
import { type ChildProcess, spawn } from 'node:child_process';
import { openSync, readFileSync, readdirSync } from 'node:fs';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { QUEUE_NAMES } from '../../libs/contracts/src/jobs';
import { openLoopPosts } from '../open-loop';
import { median as medianOf } from '../stats';

interface AutocannonResult {
  '2xx': number;
  non2xx: number;
  errors: number;
}
// autocannon ships no type declarations; this is the part of its API used here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<AutocannonResult>;

const num = (name: string, dflt: number) => (process.env[name] ? Number(process.env[name]) : dflt);
const ORDERS = num('ORDERS', 6000);
const ROUNDS = num('ROUNDS', 3);
/** 0: the backlog mode (worker paused during the creates); above 0: creates at this steady rate with the worker running. */
const RATE = num('RATE', 0);
const PORT = process.env.BENCH_PORT ?? '3300';
const BASE = `http://127.0.0.1:${PORT}`;
const WORK = process.env.WORK ?? '/tmp';
const envWords = (words: string | undefined): Record<string, string> =>
  Object.fromEntries(
    (words ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((w) => {
        const eq = w.indexOf('=');
        if (eq < 1) throw new Error(`not NAME=value: ${w}`);
        return [w.slice(0, eq), w.slice(eq + 1)];
      }),
  );
const MAIN_A = process.env.WORKER_MAIN ?? 'dist/apps/worker/apps/worker/src/main.js';
const BUILDS: { name: string; main: string; env: Record<string, string> }[] = [
  { name: 'A', main: MAIN_A, env: envWords(process.env.WORKER_ENV_A) },
  ...(process.env.WORKER_MAIN_B || process.env.WORKER_ENV_B
    ? [{ name: 'B', main: process.env.WORKER_MAIN_B || MAIN_A, env: envWords(process.env.WORKER_ENV_B) }]
    : []),
];
const log = (msg: string) => process.stderr.write(`[worker-bench] ${msg}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---- CPU meters (/proc; clock ticks are 10 ms) -----------------------------------------------------
function stat(pid: number | string): string[] | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return [s.slice(s.indexOf('(') + 1, s.lastIndexOf(')')), ...s.slice(s.lastIndexOf(')') + 2).split(' ')];
  } catch {
    return null;
  }
}
/** utime + stime (and with children: + cutime + cstime, the reaped ones) in ms. */
function cpuMs(pid: number | string | undefined, children = false): number {
  const f = pid === undefined ? null : stat(pid);
  if (!f) return 0;
  const own = Number(f[12]) + Number(f[13]);
  return (children ? own + Number(f[14]) + Number(f[15]) : own) * 10;
}
function pidsNamed(name: string): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => stat(d)?.[0] === name)
    .map(Number);
}
/** Every PostgreSQL process now, plus what the postmaster's reaped children (ended backends) used. */
function postgresMs(): number {
  const pids = pidsNamed('postgres');
  const parentOf = (pid: number) => Number(stat(pid)?.[2]);
  const postmasters = pids.filter((p) => !pids.includes(parentOf(p)));
  return pids.reduce((a, p) => a + cpuMs(p), 0) + postmasters.reduce((a, p) => a + cpuMs(p, true) - cpuMs(p), 0);
}
const redisMs = () => pidsNamed('redis-server').reduce((a, p) => a + cpuMs(p), 0);
function machineMs(): number {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return (f.reduce((a, b) => a + b, 0) - f[3] - (f[4] ?? 0)) * 10;
}

// ---- processes -------------------------------------------------------------------------------------
const children = new Set<ChildProcess>();
function start(main: string, logName: string, env: Record<string, string> = {}, nodeArgs: string[] = []): ChildProcess {
  const out = openSync(`${WORK}/${logName}`, 'a');
  const child = spawn('node', [...nodeArgs, main], { env: { ...process.env, ...env }, stdio: ['ignore', out, out] });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGCONT');
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(20_000)]);
  if (child.exitCode === null) child.kill('SIGKILL');
}
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));

async function until(what: string, ms: number, check: () => Promise<boolean>): Promise<void> {
  const t0 = Date.now();
  while (!(await check())) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

/** Booted and idle: its CPU clock stood still for a second. */
async function idle(child: ChildProcess): Promise<void> {
  await sleep(2_000);
  let last = cpuMs(child.pid);
  await until('the worker to boot', 60_000, async () => {
    await sleep(1_000);
    const now = cpuMs(child.pid);
    // A profiler (WORKER_NODE_ARGS) keeps a booted worker busier than 20 ms a second.
    const still = now - last <= (process.env.WORKER_NODE_ARGS ? 150 : 20);
    last = now;
    return still;
  });
}

async function main(): Promise<void> {
  const pg = new Client({ connectionString: process.env.DATABASE_URL });
  await pg.connect();
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
  const prefix = process.env.QUEUE_PREFIX ?? 'hotline';

  const api = start(process.env.API_MAIN ?? 'dist/apps/api/apps/api/src/main.js', 'api.log', { PORT, HOST: '127.0.0.1' });
  await until('the api', 60_000, async () =>
    fetch(`${BASE}/health/ready`).then(
      (r) => r.ok,
      () => false,
    ),
  );
  const res = await fetch(`${BASE}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'agent01', password: process.env.BENCH_PASSWORD ?? 'Hotline12345!' }),
  });
  const { accessToken } = (await res.json()) as { accessToken: string };

  let seq = 0;
  const body = () => {
    const n = seq++;
    const texts = [
      ['complaint', '夜间施工噪音扰民', '工地每晚十一点后仍在施工，噪音很大'],
      ['help', '小区突然停水', '小区从早上开始停水，请尽快恢复供水'],
      ['report', '路灯损坏不亮', '路段多盏路灯损坏不亮，夜间出行不安全'],
      ['complaint', '垃圾清运不及时', '垃圾堆放多日无人清运，气味难闻'],
    ][n % 4];
    return JSON.stringify({
      kind: texts[0],
      priority: 'normal',
      language: 'zh',
      channel: 'phone',
      title: texts[1],
      content: `胜利路${(n % 300) + 1}号附近：${texts[2]}`,
      address: `胜利路${(n % 300) + 1}号`,
      districtCode: ['150802', '150821', '150822'][n % 3],
      citizenName: '张三',
      citizenPhone: `13${String(100000000 + n).slice(-9)}`,
    });
  };

  const left = async (since: string): Promise<number> => {
    const r = await pg.query<{ n: string }>(
      `SELECT (SELECT count(*) FROM outbox WHERE published_at IS NULL)
            + (SELECT count(*) FROM work_orders wo WHERE wo.status = 'registered' AND wo.created_at >= $1
                 AND NOT EXISTS (SELECT 1 FROM routing_suggestions rs WHERE rs.work_order_id = wo.id)) AS n`,
      [since],
    );
    const q = redis.pipeline();
    for (const name of QUEUE_NAMES) q.llen(`${prefix}:${name}:wait`).llen(`${prefix}:${name}:active`).zcard(`${prefix}:${name}:prioritized`);
    const counts = ((await q.exec()) ?? []).map(([err, n]) => (err ? 0 : Number(n)));
    return Number(r.rows[0].n) + counts.reduce((a, b) => a + b, 0);
  };

  const rounds: Record<string, unknown>[] = [];
  for (let i = 0; i < ROUNDS * BUILDS.length; i++) {
    const build = BUILDS[i % BUILDS.length];
    const worker = start(build.main, `worker-${build.name}.log`, build.env, (process.env.WORKER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean));
    await idle(worker);
    const self = () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    };
    const meter = () => ({
      worker: cpuMs(worker.pid),
      api: cpuMs(api.pid),
      bench: self(),
      postgres: postgresMs(),
      redis: redisMs(),
      machine: machineMs(),
      t: Date.now(),
    });
    // Write transactions (transaction ids handed out: exact, unlike the stats views, which lag) and WAL bytes.
    const pgWrites = async () =>
      (
        await pg.query<{ xid: string; lsn: string }>(
          `SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS xid, pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::text AS lsn`,
        )
      ).rows[0];
    const since = (await pg.query<{ t: string }>(`SELECT now()::text AS t`)).rows[0].t;
    let before: ReturnType<typeof meter>;
    let intake: Record<string, number> | undefined;
    let writesBefore = await pgWrites();
    if (RATE > 0) {
      // Steady: the worker routes the orders as they come (small batches), as in production.
      before = meter();
      const { statuses } = await openLoopPosts({ url: new URL('/api/work-orders', BASE), token: accessToken, rate: RATE, total: ORDERS, maxSockets: 50, body });
      const ok = statuses.filter((st) => st >= 200 && st < 300).length;
      if (ok !== ORDERS) throw new Error(`only ${ok} of ${ORDERS} creates succeeded`);
    } else {
      worker.kill('SIGSTOP');
      const intakeStart = meter();
      const made = await autocannon({
        url: BASE,
        connections: 20,
        amount: ORDERS,
        requests: [
          {
            method: 'POST',
            path: '/api/work-orders',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
            setupRequest: (r: object) => ({ ...r, body: body() }),
          },
        ],
      });
      if (made['2xx'] !== ORDERS) throw new Error(`only ${made['2xx']} of ${ORDERS} creates succeeded`);
      // The creates alone (the worker paused): what intake costs every process, for comparison.
      const intakeEnd = meter();
      intake = Object.fromEntries(
        (['api', 'bench', 'postgres', 'redis', 'machine'] as const).map((k) => [k, Math.round(((intakeEnd[k] - intakeStart[k]) / ORDERS) * 1000) / 1000]),
      );
      await sleep(500);
      before = meter();
      writesBefore = await pgWrites();
      worker.kill('SIGCONT');
    }
    await until('the worker to drain the backlog', 600_000, async () => (await left(since)) === 0);
    const after = meter();
    const writesAfter = await pgWrites();
    const outcome = (
      await pg.query<{ dispatched: string; manual: string }>(
        `SELECT count(*) FILTER (WHERE status = 'dispatched') AS dispatched, count(*) FILTER (WHERE status = 'registered') AS manual
         FROM work_orders WHERE created_at >= $1`,
        [since],
      )
    ).rows[0];
    await stop(worker);
    const per = (k: keyof typeof before) => Math.round(((after[k] - before[k]) / ORDERS) * 1000) / 1000;
    const seconds = (after.t - before.t) / 1000;
    const r = {
      build: build.name,
      mode: RATE > 0 ? `steady ${RATE}/s (postgres and machine include the api's creates)` : 'backlog',
      workerMain: build.main,
      orders: ORDERS,
      drainSeconds: seconds,
      ordersPerS: Math.round(ORDERS / seconds),
      // api and bench (this load generator) are idle in the backlog mode's metered window.
      cpuMsPerOrder: { worker: per('worker'), api: per('api'), bench: per('bench'), postgres: per('postgres'), redis: per('redis'), machine: per('machine') },
      ...(intake ? { intakeCpuMsPerOrder: intake } : {}),
      pgPerOrder: {
        writeTransactions: Math.round(((Number(writesAfter.xid) - Number(writesBefore.xid)) / ORDERS) * 100) / 100,
        walKB: Math.round(((Number(writesAfter.lsn) - Number(writesBefore.lsn)) / 1024 / ORDERS) * 100) / 100,
      },
      dispatched: Number(outcome.dispatched),
      manualQueue: Number(outcome.manual),
    };
    log(
      `round ${i + 1} (${build.name}): ${ORDERS} orders drained in ${seconds} s (${r.ordersPerS}/s); CPU ms/order worker ${r.cpuMsPerOrder.worker}, api ${r.cpuMsPerOrder.api}, bench ${r.cpuMsPerOrder.bench}, postgres ${r.cpuMsPerOrder.postgres}, redis ${r.cpuMsPerOrder.redis}, machine ${r.cpuMsPerOrder.machine}${intake ? `; the creates alone (worker paused) ${JSON.stringify(intake)}` : ''}; PostgreSQL write transactions/order ${r.pgPerOrder.writeTransactions}, WAL ${r.pgPerOrder.walKB} kB/order; ${r.dispatched} dispatched, ${r.manualQueue} to the manual queue`,
    );
    rounds.push(r);
  }
  await stop(api);
  await pg.end();
  redis.disconnect();

  const median = (xs: number[]) => Math.round(medianOf(xs) * 1000) / 1000;
  const summary = Object.fromEntries(
    BUILDS.map((b) => {
      const mine = rounds.filter((r) => r.build === b.name) as { ordersPerS: number; cpuMsPerOrder: Record<string, number> }[];
      return [
        b.name,
        {
          workerMain: b.main,
          rounds: mine.length,
          medianOrdersPerS: median(mine.map((r) => r.ordersPerS)),
          medianCpuMsPerOrder: Object.fromEntries(
            ['worker', 'api', 'bench', 'postgres', 'redis', 'machine'].map((k) => [k, median(mine.map((r) => r.cpuMsPerOrder[k]))]),
          ),
        },
      ];
    }),
  );
  for (const [name, s] of Object.entries(summary)) log(`median (${name}): ${JSON.stringify(s)}`);
  // Two builds measured round by round in one run: B's cost over A's (above 1: A is cheaper).
  const [a, b] = Object.values(summary) as { medianOrdersPerS: number; medianCpuMsPerOrder: Record<string, number> }[];
  const ratios = b
    ? {
        ordersPerS: Math.round((a.medianOrdersPerS / b.medianOrdersPerS) * 100) / 100,
        cpuMsPerOrder: Object.fromEntries(
          Object.keys(a.medianCpuMsPerOrder).map((k) => [k, Math.round((b.medianCpuMsPerOrder[k] / a.medianCpuMsPerOrder[k]) * 100) / 100]),
        ),
      }
    : undefined;
  if (ratios) log(`ratios (B cost / A cost; A/B throughput): ${JSON.stringify(ratios)}`);
  process.stdout.write(
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        cpus: (await import('node:os')).cpus().length,
        autovacuum: process.env.AUTOVACUUM_STATE || null,
        ordersPerRound: ORDERS,
        summary,
        ratios,
        rounds,
      },
      null,
      2,
    )}\n`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  children.forEach((c) => c.kill('SIGKILL'));
  process.exit(1);
});
