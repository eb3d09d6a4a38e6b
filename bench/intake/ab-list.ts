// One list measurement for ab.sh (AB_MEASURE=list): the intake bench's four list variants, each at 10
// connections for AB_DURATION_S after a 1 s warm-up, against a running api. Prints one JSON line: per
// variant lists per second, p50 / p99 and the api's CPU per list (from /proc), the figure that tells
// two builds' list paths apart on a noisy machine (the api's one thread is what saturates first).
import { AB_BASE, AB_DURATION_S, abAutocannon, cpuMs, login, machineJiffies } from './load-common';

const autocannon = abAutocannon;
const BASE = AB_BASE;
const DURATION_S = AB_DURATION_S;

async function main(): Promise<void> {
  const [agent, dispatcher, department] = await Promise.all(['agent01', 'paidan', 'zjj01'].map((u) => login(BASE, u)));
  const variants: [string, string, string][] = [
    ['latest', agent, '/api/work-orders?limit=50'],
    ['status_dispatched', dispatcher, '/api/work-orders?limit=50&status=dispatched'],
    ['search_q', agent, `/api/work-orders?limit=50&q=${encodeURIComponent('噪音')}`],
    ['department', department, '/api/work-orders?limit=50'],
  ];
  const out: Record<string, string | number> = { label: process.env.AB_LABEL ?? '' };
  for (const [name, token, path] of variants) {
    const run = (duration: number) => autocannon({ url: `${BASE}${path}`, connections: 10, duration, headers: { authorization: `Bearer ${token}` } });
    await run(1);
    const api0 = cpuMs(process.env.API_PID) ?? 0;
    const m0 = machineJiffies();
    const r = await run(DURATION_S);
    const api1 = cpuMs(process.env.API_PID) ?? 0;
    const m1 = machineJiffies();
    if (r.non2xx > 0) throw new Error(`${name}: ${r.non2xx} non-2xx answers`);
    out[`${name}PerS`] = Math.round(r['2xx'] / DURATION_S);
    out[`${name}P50`] = r.latency.p50;
    out[`${name}P99`] = r.latency.p99;
    out[`${name}ApiMs`] = Math.round((1000 * (api1 - api0)) / r['2xx']) / 1000;
    out[`${name}BusyPct`] = Math.round((1000 * (m1.busy - m0.busy)) / (m1.total - m0.total)) / 10;
  }
  console.log(JSON.stringify(out));
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
