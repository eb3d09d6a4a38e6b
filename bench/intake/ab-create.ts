// One create measurement for ab.sh: POST /api/work-orders as agent01 at 50 connections for
// AB_DURATION_S (after a 3 s warm-up), against a running api and worker. Prints one JSON line:
// creates per second, latency, and per order the CPU of the api, the worker, PostgreSQL (every
// process named postgres), Redis and this load generator, the whole machine's busy CPU, and the WAL
// PostgreSQL wrote (pg_stat_wal) — the figures that tell two builds apart on a noisy machine. The
// counters are read once the worker has caught up with the creates (catchUpS), so the per-order CPU
// includes the routing of every order measured. With AB_CREATE_RATE (creates per second) the measured
// phase is open loop instead (bench/open-loop.ts, at most 50 connections, latency from each request's
// due time): the latency below saturation.
import { readdirSync, readFileSync } from 'node:fs';
import { Client } from 'pg';
import { openLoopPosts } from '../open-loop';
import { percentile } from '../stats';
import { AB_BASE, AB_DURATION_S, abAutocannon, cpuMs, login, machineJiffies, nextBody } from './load-common';

const autocannon = abAutocannon;
const BASE = AB_BASE;
const DURATION_S = AB_DURATION_S;
const RATE = Number(process.env.AB_CREATE_RATE ?? 0);

interface Measured {
  '2xx': number;
  non2xx: number;
  latency: { p50: number; p99: number };
}

/** The measured phase open loop at RATE, in the shape of autocannon's result. */
async function openLoop(token: string): Promise<Measured> {
  const total = Math.round(RATE * DURATION_S);
  const r = await openLoopPosts({ url: new URL('/api/work-orders', BASE), token, rate: RATE, total, maxSockets: 50, body: nextBody });
  const ok = r.statuses.filter((st) => st >= 200 && st < 300).length;
  const sorted = [...r.latencies].sort((a, b) => a - b);
  return { '2xx': ok, non2xx: total - ok, latency: { p50: percentile(sorted, 50), p99: percentile(sorted, 99) } };
}

/** utime + stime of a /proc/<pid>/stat text, in ms (10 ms clock ticks). */
function ticksMs(stat: string): number {
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
}
/** CPU of every live process whose name starts with one of the prefixes (PostgreSQL's backends come and go). */
function cpuByName(prefixes: string[]): number[] {
  const out = prefixes.map(() => 0);
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const s = readFileSync(`/proc/${d}/stat`, 'utf8');
      const name = s.slice(s.indexOf('(') + 1, s.lastIndexOf(')'));
      prefixes.forEach((p, i) => {
        if (name.startsWith(p)) out[i] += ticksMs(s);
      });
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}
const cpuOf = (pid: string | undefined) => cpuMs(pid) ?? 0;

async function main(): Promise<void> {
  const token = await login(BASE, 'agent01');
  const pg = new Client({ connectionString: process.env.DATABASE_URL });
  await pg.connect();
  const wal = async () => Number((await pg.query<{ b: string }>('SELECT wal_bytes::text AS b FROM pg_stat_wal')).rows[0].b);
  const run = (duration: number) =>
    autocannon({
      url: `${BASE}/api/work-orders`,
      connections: 50,
      duration,
      requests: [
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          setupRequest: (r: object) => ({ ...r, body: nextBody() }),
        },
      ],
    });
  await run(3);
  const before = { api: cpuOf(process.env.API_PID), worker: cpuOf(process.env.WORKER_PID), byName: cpuByName(['postgres', 'redis']), machine: machineJiffies().busy * 10, self: process.cpuUsage(), wal: await wal() };
  const startedAt = (await pg.query<{ t: string }>('SELECT now()::text AS t')).rows[0].t;
  // AB_PAUSE_WORKER_A=1 / _B=1 (a diagnostic, for that build's rounds): the worker is stopped
  // (SIGSTOP) for the measured creates and resumed after them, so the latency is the api's and
  // PostgreSQL's alone on the machine; the worker then routes the backlog before the counters are
  // read, so the CPU per order still includes it.
  const pausedPid = process.env[`AB_PAUSE_WORKER_${process.env.AB_LABEL}`] === '1' && process.env.WORKER_PID ? Number(process.env.WORKER_PID) : undefined;
  if (pausedPid) process.kill(pausedPid, 'SIGSTOP');
  let r: Measured;
  try {
    r = RATE > 0 ? await openLoop(token) : await run(DURATION_S);
  } finally {
    if (pausedPid) process.kill(pausedPid, 'SIGCONT');
  }
  // The worker's and PostgreSQL's share of these creates includes the routing still running when the
  // load stops: wait until every order created meanwhile is routed (dispatched or in the manual queue)
  // and the outbox is published, then read the counters.
  const caughtUp = Date.now();
  for (;;) {
    const { rows } = await pg.query<{ left: string }>(
      `SELECT (SELECT count(*) FROM work_orders wo WHERE wo.created_at >= $1 AND wo.status = 'registered'
                 AND NOT EXISTS (SELECT 1 FROM routing_suggestions rs WHERE rs.work_order_id = wo.id))
            + (SELECT count(*) FROM outbox WHERE published_at IS NULL) AS left`,
      [startedAt],
    );
    if (Number(rows[0].left) === 0) break;
    if (Date.now() - caughtUp > 60_000) throw new Error(`the worker did not catch up within 60 s (${rows[0].left} left)`);
    await new Promise((res) => setTimeout(res, 100));
  }
  const catchUpS = Math.round((Date.now() - caughtUp) / 100) / 10;
  const after = { api: cpuOf(process.env.API_PID), worker: cpuOf(process.env.WORKER_PID), byName: cpuByName(['postgres', 'redis']), machine: machineJiffies().busy * 10, self: process.cpuUsage(before.self), wal: await wal() };
  await pg.end();
  const n = r['2xx'];
  const per = (ms: number) => Math.round((1000 * ms) / n) / 1000;
  console.log(
    JSON.stringify({
      label: process.env.AB_LABEL,
      createsPerS: Math.round(n / DURATION_S),
      p50: r.latency.p50,
      p99: r.latency.p99,
      non2xx: r.non2xx,
      apiMs: per(after.api - before.api),
      workerMs: per(after.worker - before.worker),
      postgresMs: per(after.byName[0] - before.byName[0]),
      redisMs: per(after.byName[1] - before.byName[1]),
      loadMs: per((after.self.user + after.self.system) / 1000),
      machineMs: per(after.machine - before.machine),
      walBytes: Math.round((after.wal - before.wal) / n),
      catchUpS,
    }),
  );
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
