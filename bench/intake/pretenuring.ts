// What V8's allocation-site pretenuring does to a process that reads rows with pg (see
// libs/config/src/v8-tuning.ts). A child process runs one pg Client's simple query in a loop for
// PRETENURING_S (4) seconds, LIMIT 1 of COLUMNS columns from work_orders, under --trace-gc-nvp;
// this script reads each scavenge's promoted bytes and pause from the trace. Variants: 8 and 26
// columns (the work-order list reads 26), each with V8's default and with
// --no-allocation-site-pretenuring, PRETENURING_ROUNDS (3) rounds, alternating. Prints JSON: per
// variant, the medians over rounds of each round's median promoted KB and pause, and queries/s.
// No api, no worker; any database with a work_orders table (DATABASE_URL, default hotline_bench).
//
//   node -r ./scripts/register.js bench/intake/pretenuring.ts
import { execFileSync } from 'node:child_process';
import { median } from '../stats';

const URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hotline_bench';
const SECONDS = Number(process.env.PRETENURING_S ?? 4);
const ROUNDS = Number(process.env.PRETENURING_ROUNDS ?? 3);

const CHILD = `
const { Client } = require('pg');
const [columns, seconds, url] = process.argv.slice(1);
const list = Array.from({ length: Number(columns) }, (_, i) => 'id AS c' + i).join(', ');
const text = 'SELECT ' + list + ' FROM work_orders ORDER BY created_at DESC, id DESC LIMIT 1';
(async () => {
  const c = new Client({ connectionString: url });
  await c.connect();
  let n = 0;
  const end = Date.now() + Number(seconds) * 1000;
  while (Date.now() < end) { await c.query(text); n++; }
  await c.end();
  console.log('queries=' + n);
})();`;

function round(columns: number, flags: string[]): { promotedKb: number; pauseMs: number; queriesPerS: number } {
  const out = execFileSync(process.execPath, ['--trace-gc-nvp', ...flags, '-e', CHILD, String(columns), String(SECONDS), URL], {
    cwd: process.cwd(),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const promoted: number[] = [];
  const pauses: number[] = [];
  for (const line of out.split('\n')) {
    if (!line.includes(' gc=s ')) continue;
    promoted.push(Number(/ promoted=(\d+)/.exec(line)?.[1]) / 1024);
    pauses.push(Number(/ pause=([\d.]+)/.exec(line)?.[1]));
  }
  const queries = Number(/queries=(\d+)/.exec(out)?.[1]);
  return { promotedKb: median(promoted), pauseMs: median(pauses), queriesPerS: queries / SECONDS };
}

function main(): void {
  const variants = [8, 26].flatMap((columns) => [
    { name: `${columns} columns, V8 default`, columns, flags: [] as string[] },
    { name: `${columns} columns, --no-allocation-site-pretenuring`, columns, flags: ['--no-allocation-site-pretenuring'] },
  ]);
  const runs = new Map(variants.map((v) => [v.name, [] as ReturnType<typeof round>[]]));
  for (let r = 0; r < ROUNDS; r++) for (const v of variants) runs.get(v.name)!.push(round(v.columns, v.flags));
  const result = {
    benchmark: 'pg-rows-and-pretenuring',
    date: new Date().toISOString(),
    node: process.version,
    secondsPerRound: SECONDS,
    rounds: ROUNDS,
    variants: Object.fromEntries(
      [...runs].map(([name, rs]) => [
        name,
        {
          medianPromotedKbPerScavenge: +median(rs.map((x) => x.promotedKb)).toFixed(1),
          medianScavengePauseMs: +median(rs.map((x) => x.pauseMs)).toFixed(2),
          medianQueriesPerS: Math.round(median(rs.map((x) => x.queriesPerS))),
          perRoundPromotedKb: rs.map((x) => Math.round(x.promotedKb)),
        },
      ]),
    ),
  };
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
}

main();
