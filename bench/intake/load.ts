// Intake load: POST /api/work-orders at 50 connections, then the list variants at 10 connections.
// Prints one JSON object to stdout (progress goes to stderr).
//
//   BENCH_URL=http://127.0.0.1:3100 API_PID=<pid> node -r ./scripts/register.js bench/intake/load.ts
//
// Phases: creates as fast as 50 connections go (closed loop: each connection sends its next request
// when the last one answered, so the mean latency is 50 / throughput by Little's law); then, once the
// worker caught up, creates offered at a fixed rate (open loop: CREATE_RATE, 1,000/s, over at most
// the same 50 connections, each request timed from when it was due, so a server falling behind shows
// its queueing in the latency): what a steady 1,000 orders/s would see; then the lists, closed loop
// at 10 connections (saturating the machine), then each again open loop at LIST_RATE (200/s).
//
// Knobs (environment): CREATE_CONNECTIONS (50), CREATE_DURATION_S (30), CREATE_RATE (1000; 0 skips
// the fixed-rate phase), CREATE_RATE_DURATION_S (20), LIST_CONNECTIONS (10), LIST_DURATION_S (10),
// LIST_RATE (200; 0 skips), LIST_RATE_DURATION_S (5), WARMUP_S (3), LIST_WARMUP_S (WARMUP_S), BENCH_PASSWORD (Hotline12345!),
// API_PID / WORKER_PID (for RSS).
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { QUEUE_NAMES } from '../../libs/contracts/src/jobs';
import { openLoopGets, openLoopPosts } from '../open-loop';
import { percentile } from '../stats';
import { cpuMs, login, machineJiffies, nextBody } from './load-common';

interface Histogram {
  average: number;
  min: number;
  max: number;
  p50: number;
  p90: number;
  p97_5: number;
  p99: number;
  p99_9: number;
}
interface AutocannonResult {
  duration: number;
  requests: Histogram & { total: number; sent: number };
  latency: Histogram;
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  statusCodeStats: Record<string, { count: number }>;
}
interface RequestSpec {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (req: RequestSpec) => RequestSpec;
}
interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  method?: string;
  headers?: Record<string, string>;
  requests?: RequestSpec[];
  timeout?: number;
}
// autocannon ships no type declarations; this is the part of its API used here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (opts: AutocannonOptions) => Promise<AutocannonResult>;

const BASE = process.env.BENCH_URL ?? 'http://127.0.0.1:3100';
const num = (name: string, dflt: number) => (process.env[name] ? Number(process.env[name]) : dflt);
const CREATE_CONNECTIONS = num('CREATE_CONNECTIONS', 50);
const CREATE_DURATION_S = num('CREATE_DURATION_S', 30);
const CREATE_RATE = num('CREATE_RATE', 1000);
const CREATE_RATE_DURATION_S = num('CREATE_RATE_DURATION_S', 20);
const LIST_CONNECTIONS = num('LIST_CONNECTIONS', 10);
const LIST_DURATION_S = num('LIST_DURATION_S', 10);
/** Each list variant again at this fixed rate (open loop); 0 skips it. */
const LIST_RATE = num('LIST_RATE', 200);
const LIST_RATE_DURATION_S = num('LIST_RATE_DURATION_S', 5);
const WARMUP_S = num('WARMUP_S', 3);
/**
 * Each list variant's warm-up. It was 1 s until 2026-12-04: the variant measured first then paid for
 * its code's warm-up (ab-list.ts measuring the same list first and last: 1.15 against 0.95 ms of api
 * CPU a list; with 3 s before it, the two were within the noise).
 */
const LIST_WARMUP_S = num('LIST_WARMUP_S', WARMUP_S);

const log = (msg: string) => process.stderr.write(`[load] ${msg}\n`);

// ---- process memory ------------------------------------------------------------------------------
function statusKb(pid: string | undefined, field: 'VmRSS' | 'VmHWM'): number | null {
  if (!pid) return null;
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}
/** Runs fn and reports the CPU the api, the worker and the whole machine spent meanwhile. */
async function withCpu<T extends { ok2xx: number }>(fn: () => Promise<T>): Promise<T & { cpu: Record<string, number | null> }> {
  const [api0, wk0, m0, self0] = [cpuMs(process.env.API_PID), cpuMs(process.env.WORKER_PID), machineJiffies(), process.cpuUsage()];
  const r = await fn();
  const [api1, wk1, m1, self1] = [cpuMs(process.env.API_PID), cpuMs(process.env.WORKER_PID), machineJiffies(), process.cpuUsage(self0)];
  const dApi = api0 !== null && api1 !== null ? api1 - api0 : null;
  return {
    ...r,
    cpu: {
      machineBusyPct: Math.round(((m1.busy - m0.busy) / Math.max(1, m1.total - m0.total)) * 1000) / 10,
      apiCpuMs: dApi,
      apiCpuMsPerOk: dApi !== null && r.ok2xx > 0 ? Math.round((dApi / r.ok2xx) * 1000) / 1000 : null,
      workerCpuMs: wk0 !== null && wk1 !== null ? wk1 - wk0 : null,
      loadGeneratorCpuMs: Math.round((self1.user + self1.system) / 1000),
    },
  };
}
const mb = (kb: number | null) => (kb === null ? null : Math.round(kb / 102.4) / 10);

function summarize(r: AutocannonResult) {
  const ok = r['2xx'];
  return {
    durationS: r.duration,
    ok2xx: ok,
    okPerS: Math.round((ok / r.duration) * 10) / 10,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    statusCodes: Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([k, v]) => [k, v.count])),
    latencyMs: { avg: Math.round(r.latency.average * 100) / 100, p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
  };
}

/** The fixed-rate phase: open-loop creates (bench/open-loop.ts), summarised like an autocannon phase. */
async function openLoopCreates(token: string, rate: number, durationS: number, connections: number): Promise<ReturnType<typeof summarize>> {
  const total = Math.round(rate * durationS);
  return summarizeOpenLoop(total, await openLoopPosts({ url: new URL('/api/work-orders', BASE), token, rate, total, maxSockets: connections, body: nextBody }));
}

/** A list variant at a fixed rate (open loop), summarised the same way. */
async function openLoopList(token: string, path: string, rate: number, durationS: number, connections: number): Promise<ReturnType<typeof summarize>> {
  const total = Math.round(rate * durationS);
  return summarizeOpenLoop(total, await openLoopGets({ url: new URL(path, BASE), token, rate, total, maxSockets: connections }));
}

function summarizeOpenLoop(total: number, { statuses: all, latencies, seconds }: Awaited<ReturnType<typeof openLoopPosts>>): ReturnType<typeof summarize> {
  const statuses: Record<string, number> = {};
  for (const st of all) statuses[st] = (statuses[st] ?? 0) + 1;
  const sorted = latencies.sort((a, b) => a - b);
  const pct = (p: number) => percentile(sorted, p);
  const ok = Object.entries(statuses).reduce((n, [k, v]) => (k.startsWith('2') ? n + v : n), 0);
  const failed = statuses['0'] ?? 0;
  return {
    durationS: Math.round(seconds * 10) / 10,
    ok2xx: ok,
    okPerS: Math.round((ok / seconds) * 10) / 10,
    non2xx: total - ok - failed,
    errors: failed,
    timeouts: 0,
    statusCodes: statuses,
    latencyMs: {
      avg: Math.round((sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length)) * 100) / 100,
      p50: pct(50),
      p90: pct(90),
      p99: pct(99),
      max: pct(100),
    },
  };
}

/** Waits (at most 5 minutes) until the outbox is published and every registered order was routed. */
/**
 * Waits until the worker has done everything the creates started: the outbox published, every order
 * routed, and no job waiting or running in any queue (the dispatches' events and rollups come after
 * the routing). Timers delayed into the future do not count.
 */
async function waitForWorker(): Promise<{ seconds: number; left: number }> {
  const pg = new Client({ connectionString: process.env.DATABASE_URL });
  await pg.connect();
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  const prefix = process.env.QUEUE_PREFIX ?? 'hotline';
  const t0 = Date.now();
  let left = -1;
  try {
    while (Date.now() - t0 < 300_000) {
      const r = await pg.query<{ n: string }>(
        `SELECT (SELECT count(*) FROM outbox WHERE published_at IS NULL)
              + (SELECT count(*) FROM work_orders wo WHERE wo.status = 'registered' AND wo.created_at > now() - interval '30 minutes'
                   AND NOT EXISTS (SELECT 1 FROM routing_suggestions rs WHERE rs.work_order_id = wo.id)) AS n`,
      );
      const queued = redis.pipeline();
      for (const q of QUEUE_NAMES) queued.llen(`${prefix}:${q}:wait`).llen(`${prefix}:${q}:active`).zcard(`${prefix}:${q}:prioritized`);
      const counts = ((await queued.exec()) ?? []).map(([err, n]) => (err ? 0 : Number(n)));
      left = Number(r.rows[0].n) + counts.reduce((a, b) => a + b, 0);
      if (left === 0) break;
      await new Promise((res) => setTimeout(res, 500));
    }
  } finally {
    await pg.end();
    redis.disconnect();
  }
  return { seconds: Math.round((Date.now() - t0) / 100) / 10, left };
}

async function main(): Promise<void> {
  const [agent, dispatcher, department] = [await login(BASE, 'agent01'), await login(BASE, 'paidan'), await login(BASE, 'zjj01')];
  const json = { 'content-type': 'application/json' };
  const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

  const createOpts = (duration: number): AutocannonOptions => ({
    url: BASE,
    connections: CREATE_CONNECTIONS,
    duration,
    requests: [
      {
        method: 'POST',
        path: '/api/work-orders',
        headers: { ...json, ...bearer(agent) },
        setupRequest: (req) => ({ ...req, body: nextBody() }),
      },
    ],
  });

  if (WARMUP_S > 0) {
    log(`create warm-up ${WARMUP_S}s`);
    await autocannon(createOpts(WARMUP_S));
  }
  const apiPid = process.env.API_PID;
  let apiRssMaxKb = statusKb(apiPid, 'VmRSS') ?? 0;
  const sampler = setInterval(() => {
    apiRssMaxKb = Math.max(apiRssMaxKb, statusKb(apiPid, 'VmRSS') ?? 0);
  }, 500);
  log(`create: ${CREATE_CONNECTIONS} connections, ${CREATE_DURATION_S}s`);
  const create = await withCpu(async () => summarize(await autocannon(createOpts(CREATE_DURATION_S))));
  clearInterval(sampler);
  log(
    `create: ${create.okPerS}/s p50 ${create.latencyMs.p50} ms p99 ${create.latencyMs.p99} ms non-2xx ${create.non2xx}; api CPU ${create.cpu.apiCpuMsPerOk} ms/order, machine ${create.cpu.machineBusyPct}% busy`,
  );
  const apiRssAfterCreateKb = statusKb(apiPid, 'VmRSS');

  // The lists are measured on the database at its size, not against the worker still routing the
  // burst of creates: wait until every created order was routed and the outbox is empty (and record how long).
  const drain = await waitForWorker();
  log(`worker caught up ${drain.seconds} s after the creates (${drain.left} left)`);

  // A steady offered load at the rate the issue names (open loop, timed from each request's due time).
  let fixedRate:
    (ReturnType<typeof summarize> & { offeredPerS: number; cpu: Record<string, number | null>; workerCaughtUp: { seconds: number; left: number } }) | null =
    null;
  if (CREATE_RATE > 0) {
    log(`create at a fixed rate: ${CREATE_RATE}/s offered over ${CREATE_CONNECTIONS} connections, ${CREATE_RATE_DURATION_S}s`);
    const r = await withCpu(() => openLoopCreates(agent, CREATE_RATE, CREATE_RATE_DURATION_S, CREATE_CONNECTIONS));
    const caughtUp = await waitForWorker();
    fixedRate = { offeredPerS: CREATE_RATE, ...r, workerCaughtUp: caughtUp };
    log(
      `create at ${CREATE_RATE}/s offered: ${r.okPerS}/s achieved, p50 ${r.latencyMs.p50} ms p99 ${r.latencyMs.p99} ms non-2xx ${r.non2xx}; machine ${r.cpu.machineBusyPct}% busy; worker caught up ${caughtUp.seconds} s after`,
    );
  }

  const variants: { name: string; who: string; token: string; path: string }[] = [
    { name: 'latest', who: 'agent01', token: agent, path: '/api/work-orders?limit=50' },
    { name: 'status_dispatched', who: 'paidan', token: dispatcher, path: '/api/work-orders?limit=50&status=dispatched' },
    { name: 'search_q', who: 'agent01', token: agent, path: `/api/work-orders?limit=50&q=${encodeURIComponent('噪音')}` },
    { name: 'department', who: 'zjj01', token: department, path: '/api/work-orders?limit=50' },
  ];
  const lists: Record<string, ReturnType<typeof summarize> & { who: string; path: string; cpu: Record<string, number | null> }> = {};
  for (const v of variants) {
    const opts: AutocannonOptions = { url: `${BASE}${v.path}`, connections: LIST_CONNECTIONS, duration: LIST_DURATION_S, headers: bearer(v.token) };
    if (LIST_WARMUP_S > 0) await autocannon({ ...opts, duration: LIST_WARMUP_S });
    log(`list ${v.name}: ${LIST_CONNECTIONS} connections, ${LIST_DURATION_S}s`);
    const s = await withCpu(async () => summarize(await autocannon(opts)));
    lists[v.name] = { who: v.who, path: decodeURIComponent(v.path), ...s };
    log(
      `list ${v.name}: ${s.okPerS}/s p50 ${s.latencyMs.p50} ms p99 ${s.latencyMs.p99} ms non-2xx ${s.non2xx} errors ${s.errors}; api CPU ${s.cpu.apiCpuMsPerOk} ms/request`,
    );
  }
  // The same lists at a fixed rate below saturation (open loop, timed from each request's due time):
  // the latency a centre's desks see at that rate, beside the closed loop's saturated figures.
  const listsFixedRate: Record<string, ReturnType<typeof summarize>> = {};
  if (LIST_RATE > 0) {
    for (const v of variants) {
      log(`list ${v.name} at a fixed rate: ${LIST_RATE}/s over at most ${LIST_CONNECTIONS} connections, ${LIST_RATE_DURATION_S}s`);
      const s = await withCpu(() => openLoopList(v.token, v.path, LIST_RATE, LIST_RATE_DURATION_S, LIST_CONNECTIONS));
      listsFixedRate[v.name] = s;
      log(`list ${v.name} at ${LIST_RATE}/s offered: ${s.okPerS}/s, p50 ${s.latencyMs.p50} ms p99 ${s.latencyMs.p99} ms non-2xx ${s.non2xx}`);
    }
  }

  const out = {
    baseUrl: BASE,
    create: { connections: CREATE_CONNECTIONS, warmupS: WARMUP_S, ...create },
    workerCaughtUp: drain,
    createFixedRate: fixedRate,
    lists: { connections: LIST_CONNECTIONS, durationS: LIST_DURATION_S, warmupS: LIST_WARMUP_S, variants: lists },
    listsFixedRate: LIST_RATE > 0 ? { offeredPerS: LIST_RATE, durationS: LIST_RATE_DURATION_S, variants: listsFixedRate } : null,
    memory: {
      apiPid: apiPid ?? null,
      apiRssMaxDuringCreateMb: mb(apiRssMaxKb || null),
      apiRssAfterCreateMb: mb(apiRssAfterCreateKb),
      apiRssEndMb: mb(statusKb(apiPid, 'VmRSS')),
      apiPeakRssMb: mb(statusKb(apiPid, 'VmHWM')),
      workerRssEndMb: mb(statusKb(process.env.WORKER_PID, 'VmRSS')),
      workerPeakRssMb: mb(statusKb(process.env.WORKER_PID, 'VmHWM')),
    },
  };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
