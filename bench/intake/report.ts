// Gathers the intake benchmark's pieces (load.ts JSON, pgbench log, explain.ts JSON, figures from
// run.sh in the environment) into bench/results/intake-<date>.json, prints a summary table and a
// one-line markdown summary. Called by run.sh.
import { cpus, totalmem } from 'node:os';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

interface Latency {
  avg: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}
interface Phase {
  okPerS: number;
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  latencyMs: Latency;
  cpu?: { machineBusyPct: number | null; apiCpuMsPerOk: number | null; loadGeneratorCpuMs: number | null };
}
interface LoadResult {
  create: Phase & { connections: number };
  lists: { connections: number; durationS: number; variants: Record<string, Phase & { who: string; path: string }> };
  listsFixedRate?: { offeredPerS: number; durationS: number; variants: Record<string, Phase> } | null;
  memory: Record<string, number | string | null>;
  workerCaughtUp?: { seconds: number; left: number };
  createFixedRate?: (Phase & { offeredPerS: number; workerCaughtUp: { seconds: number; left: number } }) | null;
}
interface PlanResult {
  role: string;
  executionMs: number | null;
  plan: string;
}

const env = (k: string) => process.env[k];
const num = (k: string) => (env(k) !== undefined && env(k) !== '' ? Number(env(k)) : null);
const readJson = <T>(path: string | undefined): T | null => (path && existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : null);

const TARGET = { createPerS: 1000, createP99Ms: 50, listP99Ms: 20, pgbenchRatio: 0.5 };

function parsePgbench(path: string) {
  if (!existsSync(path)) return null;
  const log = readFileSync(path, 'utf8');
  const grab = (re: RegExp) => {
    const m = re.exec(log);
    return m ? Number(m[1]) : null;
  };
  return {
    tps: grab(/^tps = ([\d.]+) \(without initial connection time\)/m),
    latencyAvgMs: grab(/^latency average = ([\d.]+) ms/m),
    transactions: grab(/^number of transactions actually processed: (\d+)/m),
    failed: grab(/^number of failed transactions: (\d+)/m),
  };
}

/** PGBENCH_LOGS = "clients:path …": one run per client count; the ceiling is the best of them. */
function parsePgbenchRuns(spec: string | undefined) {
  const runs = (spec ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((item) => {
      const [clients, path] = [item.slice(0, item.indexOf(':')), item.slice(item.indexOf(':') + 1)];
      return { clients: Number(clients), ...parsePgbench(path) };
    })
    .filter((r) => typeof r.tps === 'number');
  if (runs.length === 0) return null;
  const best = runs.reduce((a, b) => ((b.tps ?? 0) > (a.tps ?? 0) ? b : a));
  return { tps: best.tps ?? null, bestClients: best.clients, runs };
}

function main(): void {
  const load = readJson<LoadResult>(env('LOAD_JSON'));
  const plans = readJson<Record<string, PlanResult[]>>(env('EXPLAIN_JSON'));
  const pg = parsePgbenchRuns(env('PGBENCH_LOGS'));
  const date = env('BENCH_DATE') ?? new Date().toISOString().slice(0, 10);

  const created = load?.create;
  const fixed = load?.createFixedRate ?? null;
  const ratio = created && pg?.tps ? Math.round((created.okPerS / pg.tps) * 1000) / 1000 : null;
  const lists = load?.lists.variants ?? {};
  const listOk = Object.values(lists).every((v) => v.latencyMs.p99 <= TARGET.listP99Ms && v.non2xx === 0 && v.errors === 0);
  const verdict = {
    createThroughput: created ? created.okPerS >= TARGET.createPerS : null,
    createP99: created ? created.latencyMs.p99 <= TARGET.createP99Ms : null,
    createNoErrors: created ? created.non2xx === 0 && created.errors === 0 : null,
    listP99: load ? listOk : null,
    pgbenchHalf: ratio === null ? null : ratio >= TARGET.pgbenchRatio,
    /** The offered 1,000/s served (within 2 %) with p99 within the target and no errors. */
    fixedRate: fixed ? fixed.okPerS >= fixed.offeredPerS * 0.98 && fixed.latencyMs.p99 <= TARGET.createP99Ms && fixed.non2xx === 0 && fixed.errors === 0 : null,
  };

  const result = {
    benchmark: 'intake',
    date,
    startedAt: env('BENCH_STARTED_AT') ?? null,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? null,
      memGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      postgres: env('PG_VERSION') ?? null,
      autovacuum: env('AUTOVACUUM_STATE') ?? null,
      loadavgAtStart: env('LOADAVG_START') ?? null,
      loadavgAfterApiLoad: env('LOADAVG_AFTER_LOAD') ?? null,
      note: 'load generator (autocannon), api, worker, PostgreSQL and Redis share the same cores',
    },
    dataset: {
      ordersLoaded: num('BENCH_ORDERS'),
      ordersInDbBefore: num('DB_ORDERS_BEFORE'),
      eventsInDbBefore: num('DB_EVENTS_BEFORE'),
      workOrdersTableMb: num('DB_TABLE_MB'),
      createdByApi: num('DB_CREATED_BY_API'),
      outboxUnpublishedAfterLoad: num('OUTBOX_BACKLOG'),
    },
    targets: TARGET,
    create: created ?? null,
    workerCaughtUp: load?.workerCaughtUp ?? null,
    createFixedRate: fixed,
    lists: load?.lists ?? null,
    listsFixedRate: load?.listsFixedRate ?? null,
    memory: load?.memory ?? null,
    pgbench: pg ? { command: env('PGBENCH_CMD') ?? null, ...pg } : null,
    ratioApiToPgbench: ratio,
    verdict,
    timingsS: {
      setup: num('T_SETUP'),
      bulkLoad: num('T_BULK'),
      apiLoad: num('T_LOAD'),
      pgbench: num('T_PGBENCH'),
      total: num('T_TOTAL'),
    },
    plans: plans
      ? Object.fromEntries(Object.entries(plans).map(([k, v]) => [k, v.map((p) => ({ role: p.role, executionMs: p.executionMs, plan: p.plan.split('\n') }))]))
      : null,
  };

  const out = env('OUT_JSON') ?? `bench/results/intake-${date}.json`;
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);

  // ---- human summary ----
  const f = (x: number | null | undefined, d = 1) => (x === null || x === undefined ? 'n/a' : x.toFixed(d));
  const ok = (b: boolean | null) => (b === null ? '  ' : b ? 'ok' : 'NO');
  const rows: [string, string, string, string][] = [['measure', 'value', 'target', '']];
  if (created) {
    rows.push(['create: orders/s (2xx)', f(created.okPerS), `>= ${TARGET.createPerS}`, ok(verdict.createThroughput)]);
    rows.push([
      'create: p50 / p90 / p99 ms',
      `${created.latencyMs.p50} / ${created.latencyMs.p90} / ${created.latencyMs.p99}`,
      `p99 <= ${TARGET.createP99Ms}`,
      ok(verdict.createP99),
    ]);
    if (created.cpu)
      rows.push(['create: api CPU ms per order / machine busy', `${f(created.cpu.apiCpuMsPerOk, 2)} / ${f(created.cpu.machineBusyPct)} %`, '', '  ']);
    if (load?.workerCaughtUp) rows.push(['worker caught up after the creates (s)', f(load.workerCaughtUp.seconds), '', '  ']);
    rows.push(['create: non-2xx / errors', `${created.non2xx} / ${created.errors}`, '0', ok(verdict.createNoErrors)]);
  }
  if (fixed) {
    rows.push([
      `create at ${fixed.offeredPerS}/s offered: achieved, p50 / p99 ms`,
      `${f(fixed.okPerS)}/s, ${fixed.latencyMs.p50} / ${fixed.latencyMs.p99}  (non-2xx ${fixed.non2xx}, machine ${f(fixed.cpu?.machineBusyPct ?? null)} % busy)`,
      `p99 <= ${TARGET.createP99Ms}`,
      ok(verdict.fixedRate),
    ]);
  }
  for (const [name, v] of Object.entries(lists)) {
    const good = v.latencyMs.p99 <= TARGET.listP99Ms && v.non2xx === 0 && v.errors === 0;
    rows.push([`list ${name} (${v.who}): p50 / p99 ms`, `${v.latencyMs.p50} / ${v.latencyMs.p99}  (${f(v.okPerS)}/s)`, `p99 <= ${TARGET.listP99Ms}`, ok(good)]);
  }
  // Context, not a verdict: the targets are judged on the closed loop above.
  const fixedLists = load?.listsFixedRate;
  if (fixedLists)
    for (const [name, v] of Object.entries(fixedLists.variants))
      rows.push([`list ${name} at ${fixedLists.offeredPerS}/s offered: p50 / p99 ms`, `${v.latencyMs.p50} / ${v.latencyMs.p99}  (${f(v.okPerS)}/s)`, '', '  ']);
  rows.push([
    'pgbench ceiling: tx/s (best of clients)',
    pg ? `${f(pg.tps)} (${pg.runs.map((r) => `${r.clients}: ${f(r.tps ?? null)}`).join(', ')})` : 'n/a',
    '~7000',
    '  ',
  ]);
  rows.push(['ratio api / pgbench', f(ratio, 3), `>= ${TARGET.pgbenchRatio}`, ok(verdict.pgbenchHalf)]);
  if (load?.memory)
    rows.push([
      'api RSS max during create / peak MB',
      `${f(load.memory.apiRssMaxDuringCreateMb as number | null)} / ${f(load.memory.apiPeakRssMb as number | null)}`,
      '',
      '  ',
    ]);
  const w = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => `  ${r[0].padEnd(w[0])}  ${r[1].padEnd(w[1])}  ${r[2].padEnd(w[2])}  ${r[3]}`;
  console.log('');
  console.log(
    `intake benchmark ${date}: ${result.dataset.ordersInDbBefore ?? '?'} orders in the database, ${result.machine.cpus} cores shared by load generator and server (load average at start ${result.machine.loadavgAtStart ?? '?'})`,
  );
  console.log(line(rows[0]));
  for (const r of rows.slice(1)) console.log(line(r));
  if (plans) {
    console.log('');
    console.log('  EXPLAIN ANALYZE of the list queries (execution ms):');
    for (const [k, v] of Object.entries(plans)) console.log(`    ${k.padEnd(18)} ${v.map((p) => `${p.role}: ${f(p.executionMs, 2)}`).join('   ')}`);
  }
  console.log('');
  console.log(`  results: ${out}`);
  console.log('');
  const listMd = Object.entries(lists)
    .map(([k, v]) => `${k} ${v.latencyMs.p50}/${v.latencyMs.p99} ms`)
    .join(', ');
  console.log(
    `| ${date} | ${result.dataset.ordersInDbBefore ?? '?'} orders | create ${f(created?.okPerS)}/s, p50 ${created?.latencyMs.p50 ?? 'n/a'} ms, p99 ${created?.latencyMs.p99 ?? 'n/a'} ms, non-2xx ${created?.non2xx ?? 'n/a'} | ${fixed ? `at ${fixed.offeredPerS}/s offered: ${f(fixed.okPerS)}/s, p50 ${fixed.latencyMs.p50} ms, p99 ${fixed.latencyMs.p99} ms` : 'no fixed-rate phase'} | list p50/p99: ${listMd} | pgbench ${f(pg?.tps ?? null)} tx/s | api/pgbench ${f(ratio, 3)} |`,
  );
}

main();
