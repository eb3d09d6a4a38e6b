// Where the create tail comes from (tail.sh runs it against a running api + worker on a kept bench
// database): creates offered open loop at TAIL_RATE/s for TAIL_DURATION_S, while the CPU of the
// api, the worker, PostgreSQL and the whole machine is sampled every 100 ms; then every request
// slower than TAIL_SLOW_MS is lined up with the api's and worker's garbage collections and
// event-loop stalls (bench/pause-log.cjs, PAUSE_LOG_DIR) and with PostgreSQL's checkpoints. Prints
// one JSON document: latency, what the slow requests overlapped, and the worst 100 ms windows.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openLoopPosts } from '../open-loop';
import { cpuMs, login, machineJiffies, nextBody } from './load-common';

const BASE = process.env.BENCH_URL ?? 'http://127.0.0.1:3100';
const RATE = Number(process.env.TAIL_RATE ?? 1000);
const DURATION_S = Number(process.env.TAIL_DURATION_S ?? 20);
const SLOW_MS = Number(process.env.TAIL_SLOW_MS ?? 50);
const PAUSE_DIR = process.env.PAUSE_LOG_DIR ?? '/tmp';
const WINDOW_MS = 100;

interface Pause {
  pid: string;
  kind: string;
  start: number;
  ms: number;
}

/** CPU ms of every PostgreSQL process by pid (backends come and go: deltas are taken per pid). */
function pgCpuByPid(): Map<string, number> {
  const out = new Map<string, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const s = readFileSync(`/proc/${d}/stat`, 'utf8');
      if (!s.slice(s.indexOf('(') + 1, s.lastIndexOf(')')).startsWith('postgres')) continue;
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      out.set(d, (Number(f[11]) + Number(f[12])) * 10);
    } catch {
      // ended meanwhile
    }
  }
  return out;
}

/** PostgreSQL's CPU between two samples: what the processes alive at the second one spent since the first. */
function pgDelta(a: Map<string, number>, b: Map<string, number>): number {
  let sum = 0;
  for (const [pid, ms] of b) sum += ms - (a.get(pid) ?? 0);
  return sum;
}

/** Jiffies the hypervisor gave to someone else (steal, the 8th field of /proc/stat's cpu line). */
function stealJiffies(): number {
  return Number(readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/)[8] ?? 0);
}

function pauses(): Pause[] {
  const out: Pause[] = [];
  for (const f of readdirSync(PAUSE_DIR).filter((n) => n.endsWith('.log'))) {
    const pid = f.replace(/\.log$/, '');
    for (const line of readFileSync(join(PAUSE_DIR, f), 'utf8').split('\n')) {
      const [what, start, ms, kind] = line.split(' ');
      if (what === 'gc') out.push({ pid, kind: `gc-${kind}`, start: Number(start), ms: Number(ms) });
      else if (what === 'stall') out.push({ pid, kind: 'stall', start: Number(start), ms: Number(ms) });
    }
  }
  return out;
}

/** Checkpoints PostgreSQL logged (log_checkpoints, log_line_prefix starting "%m ", log_timezone UTC) between two epoch times, as [start, end] pairs. */
function checkpoints(from: number, to: number): [number, number][] {
  const file = process.env.PG_LOG ?? '/var/log/postgresql/postgresql-15-main.log';
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const out: [number, number][] = [];
  let start: number | null = null;
  for (const line of text.split('\n')) {
    const m = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}) (\w+) .*checkpoint (starting|complete)/.exec(line);
    if (!m) continue;
    if (m[2] !== 'UTC' && m[2] !== 'GMT') continue; // log_timezone must be UTC for these times to compare
    const t = Date.parse(`${m[1].replace(' ', 'T')}Z`);
    if (m[3] === 'starting') start = t;
    else if (start !== null) {
      if (t >= from && start <= to) out.push([start, t]);
      start = null;
    }
  }
  if (start !== null && start <= to) out.push([start, to]);
  return out;
}

const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0);
const r1 = (x: number) => Math.round(x * 10) / 10;

async function main(): Promise<void> {
  const token = await login(BASE, 'agent01');
  const url = new URL('/api/work-orders', BASE);
  // The worker trains its first router model and sweeps at boot: measure once it is quiet again.
  const settled = Date.now() + 120_000;
  for (let quiet = 0; quiet < 3 && Date.now() < settled;) {
    const before = cpuMs(process.env.WORKER_PID) ?? 0;
    await new Promise((res) => setTimeout(res, 1000));
    quiet = (cpuMs(process.env.WORKER_PID) ?? 0) - before < 50 ? quiet + 1 : 0;
  }
  await openLoopPosts({ url, token, rate: RATE, total: RATE * 3, maxSockets: 50, body: nextBody }); // warm-up

  const samples: { t: number; machine: number; total: number; api: number; worker: number; pg: Map<string, number> }[] = [];
  const sample = () => {
    const m = machineJiffies();
    samples.push({
      t: Date.now(),
      machine: m.busy * 10,
      total: m.total * 10,
      api: cpuMs(process.env.API_PID) ?? 0,
      worker: cpuMs(process.env.WORKER_PID) ?? 0,
      pg: pgCpuByPid(),
    });
  };
  sample();
  const steal0 = stealJiffies();
  const timer = setInterval(sample, WINDOW_MS);
  const from = Date.now();
  const r = await openLoopPosts({ url, token, rate: RATE, total: RATE * DURATION_S, maxSockets: 50, body: nextBody });
  clearInterval(timer);
  sample();
  const to = Date.now();
  const steal1 = stealJiffies();
  await new Promise((res) => setTimeout(res, 1500)); // the pause logs are flushed once a second

  const apiPid = process.env.API_PID;
  const all = pauses().filter((p) => p.start + p.ms >= from && p.start <= to);
  const cps = checkpoints(from, to);
  const reqs = r.latencies.map((lat, i) => ({ due: r.dueWallMs[i], lat }));
  const slow = reqs.filter((q) => q.lat > SLOW_MS);
  const overlaps = (q: { due: number; lat: number }, s: number, e: number) => s < q.due + q.lat && e > q.due;
  const names: Record<string, string> = { [apiPid ?? '']: 'api', [process.env.WORKER_PID ?? '']: 'worker', [String(process.pid)]: 'load generator' };
  const who = (p: Pause) => names[p.pid] ?? p.pid;
  const cause: Record<string, number> = {};
  for (const q of slow) {
    const hit = new Set<string>();
    for (const p of all) if (p.ms >= 5 && overlaps(q, p.start, p.start + p.ms)) hit.add(`${who(p)} ${p.kind}`);
    for (const [s, e] of cps) if (overlaps(q, s, e)) hit.add('checkpoint running');
    const key = [...hit].sort().join(' + ') || 'none of these';
    cause[key] = (cause[key] ?? 0) + 1;
  }
  const pauseSummary: Record<string, { count: number; totalMs: number; maxMs: number }> = {};
  for (const p of all) {
    const k = `${who(p)} ${p.kind}`;
    const s = (pauseSummary[k] ??= { count: 0, totalMs: 0, maxMs: 0 });
    s.count++;
    s.totalMs = r1(s.totalMs + p.ms);
    s.maxMs = Math.max(s.maxMs, p.ms);
  }
  // 100 ms windows by when their requests were due: latency, then what each process was doing.
  const windows = [];
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1];
    const b = samples[i];
    const span = b.t - a.t;
    const lats = reqs
      .filter((q) => q.due >= a.t && q.due < b.t)
      .map((q) => q.lat)
      .sort((x, y) => x - y);
    windows.push({
      at: new Date(a.t).toISOString().slice(11, 23),
      n: lats.length,
      p50: r1(pct(lats, 50)),
      max: r1(lats[lats.length - 1] ?? 0),
      machinePct: Math.round((100 * (b.machine - a.machine)) / Math.max(1, b.total - a.total)),
      apiPct: Math.round((100 * (b.api - a.api)) / span),
      workerPct: Math.round((100 * (b.worker - a.worker)) / span),
      pgPct: Math.round((100 * pgDelta(a.pg, b.pg)) / span),
    });
  }
  const first = samples[0];
  const last = samples[samples.length - 1];
  const ok = r.statuses.filter((s) => s >= 200 && s < 300).length;
  let pgTotal = 0;
  for (let i = 1; i < samples.length; i++) pgTotal += pgDelta(samples[i - 1].pg, samples[i].pg);
  const perOrder = (a: number, b: number) => Math.round(((b - a) / Math.max(1, ok)) * 1000) / 1000;
  const sorted = [...r.latencies].sort((a, b) => a - b);
  const busy = windows.map((w) => w.machinePct).sort((a, b) => a - b);
  console.log(
    JSON.stringify(
      {
        offeredPerS: RATE,
        okPerS: Math.round(ok / r.seconds),
        latencyMs: { p50: r1(pct(sorted, 50)), p90: r1(pct(sorted, 90)), p99: r1(pct(sorted, 99)), max: r1(sorted[sorted.length - 1]) },
        slowRequests: { thresholdMs: SLOW_MS, count: slow.length, overlapping: cause },
        pauses: pauseSummary,
        checkpoints: cps.map(([s, e]) => ({ at: new Date(s).toISOString().slice(11, 23), seconds: r1((e - s) / 1000) })),
        cpuMsPerOrder: {
          machine: perOrder(first.machine, last.machine),
          api: perOrder(first.api, last.api),
          worker: perOrder(first.worker, last.worker),
          postgres: perOrder(0, pgTotal),
        },
        stealPctOfMachine: Math.round((100 * (steal1 - steal0) * 10) / Math.max(1, last.total - first.total)),
        machineBusyPctOf100msWindows: { p10: pct(busy, 10), p50: pct(busy, 50), p90: pct(busy, 90) },
        worstWindows: [...windows].sort((a, b) => b.max - a.max).slice(0, 12),
      },
      null,
      1,
    ),
  );
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
