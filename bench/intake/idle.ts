// What the system does on its own while nobody asks anything of it: against running apps (idle.sh),
// one connection polls pg_stat_activity every 50 ms for IDLE_S seconds (90) and /proc/stat gives the
// machine's busy share each second. Prints the busy shares, then every statement seen running longer
// than IDLE_SLOW_MS (15), once, with its longest observed time. The periodic work (sweeps, reconciles,
// prunes) shows as a burst at its period; a burst is what a request arriving then queues behind.
import { Client } from 'pg';
import { machineJiffies } from './load-common';

const URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hotline_bench';
const SECONDS = Number(process.env.IDLE_S ?? 90);
const SLOW_MS = Number(process.env.IDLE_SLOW_MS ?? 15);

interface Seen {
  at: string;
  ms: number;
  query: string;
}

async function main(): Promise<void> {
  const c = new Client({ connectionString: URL });
  await c.connect();
  const seen = new Map<string, Seen>();
  const busy: number[] = [];
  const t0 = Date.now();
  let j0 = machineJiffies();
  let second = 0;
  try {
    while (Date.now() - t0 < SECONDS * 1000) {
      const r = await c.query(
        `SELECT pid, query_start, left(regexp_replace(query, '\\s+', ' ', 'g'), 100) AS query, extract(epoch FROM now() - query_start) * 1000 AS ms
         FROM pg_stat_activity
         WHERE state = 'active' AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND now() - query_start > make_interval(secs => $1 / 1000.0)`,
        [SLOW_MS],
      );
      for (const x of r.rows as { pid: number; query_start: Date; query: string; ms: number }[]) {
        const key = `${x.pid}|${x.query_start.toISOString()}`;
        const prev = seen.get(key);
        if (!prev || prev.ms < x.ms) seen.set(key, { at: x.query_start.toISOString().slice(11, 23), ms: Math.round(x.ms), query: x.query });
      }
      const s = Math.floor((Date.now() - t0) / 1000);
      if (s !== second) {
        const j1 = machineJiffies();
        busy.push(Math.round((100 * (j1.busy - j0.busy)) / (j1.total - j0.total)));
        j0 = j1;
        second = s;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await c.end();
  }
  process.stdout.write(`machine busy % per second: ${busy.join(' ')}\n`);
  for (const v of [...seen.values()].sort((a, b) => a.at.localeCompare(b.at))) process.stdout.write(`${v.at} ${v.ms} ms ${v.query}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
