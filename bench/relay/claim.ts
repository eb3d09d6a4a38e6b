// The outbox relay's claim, with and without its start id (ClaimStart), over an outbox whose partial
// index ix_outbox_unpublished still holds the dead entries of rows already published: what a claim costs
// wherever vacuum is off, behind, or held back by a long transaction (a backup, a long report).
//
// On its own fresh database (bench/relay/run.sh): loads RELAY_DEAD_ROWS rows and publishes them with
// autovacuum off for the outbox, adds RELAY_LIVE_ROWS unpublished rows, then times the relay's own
// statement (OUTBOX_CLAIM) RELAY_ROUNDS times from 0 and from the start id, inside a transaction that
// is rolled back: first while a long transaction is open, then without it, then from 0 after a VACUUM.
// Prints JSON: the first call's wall time, medians of wall and execution time, buffers touched.
import { Client } from 'pg';
import { median } from '../stats';
import { OUTBOX_CLAIM } from '@hotline/queue';

const DEAD = Number(process.env.RELAY_DEAD_ROWS ?? 200_000);
const LIVE = Number(process.env.RELAY_LIVE_ROWS ?? 500);
const ROUNDS = Number(process.env.RELAY_ROUNDS ?? 21);
const BATCH = 500;

interface Sample {
  execMs: number;
  planMs: number;
  buffers: number;
  rows: number;
  wallMs: number;
  plan: string;
}

async function load(c: Client): Promise<string> {
  await c.query(`ALTER TABLE outbox SET (autovacuum_enabled = false)`);
  const payload = JSON.stringify({ workOrderId: '00000000-0000-0000-0000-000000000000', eventId: '0' });
  for (let done = 0; done < DEAD; done += 50_000) {
    const n = Math.min(50_000, DEAD - done);
    // Inserted unpublished (each takes an entry in the partial index), then published: the entry is dead.
    await c.query(`INSERT INTO outbox (queue_name, job_name, payload) SELECT 'dispatch', 'order.route', $1::jsonb FROM generate_series(1, $2)`, [payload, n]);
    await c.query(`UPDATE outbox SET published_at = now(), attempts = 1 WHERE published_at IS NULL`);
  }
  const [{ unpublished }] = (await c.query(`SELECT count(*)::int AS unpublished FROM outbox WHERE published_at IS NULL`)).rows as { unpublished: number }[];
  if (unpublished !== 0) throw new Error(`${unpublished} rows left unpublished by the load`);
  const rows = (
    await c.query(
      `INSERT INTO outbox (queue_name, job_name, payload) SELECT 'dispatch', 'order.route', $1::jsonb FROM generate_series(1, $2) RETURNING id::text AS id`,
      [payload, LIVE],
    )
  ).rows as { id: string }[];
  // Statistics as a running system has them (ANALYZE does not remove dead entries; VACUUM does).
  await c.query(`ANALYZE outbox`);
  return rows.map((r) => r.id).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1))[0];
}

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}
/** The plan's node types, outermost first ("Limit > LockRows > Index Scan ix_outbox_unpublished"). */
function shape(n: PlanNode): string {
  const self = n['Index Name'] ? `${n['Node Type']} ${n['Index Name']}` : n['Node Type'];
  return n.Plans?.length ? `${self} > ${n.Plans.map(shape).join(', ')}` : self;
}

async function time(c: Client, from: string): Promise<Sample> {
  await c.query('BEGIN');
  try {
    const t0 = performance.now();
    const res = await c.query(OUTBOX_CLAIM.text, [BATCH, from]);
    const wallMs = performance.now() - t0;
    await c.query('ROLLBACK');
    await c.query('BEGIN');
    const [{ 'QUERY PLAN': plan }] = (await c.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${OUTBOX_CLAIM.text}`, [BATCH, from])).rows as {
      'QUERY PLAN': { Plan: PlanNode & { 'Shared Hit Blocks': number; 'Shared Read Blocks': number }; 'Execution Time': number; 'Planning Time': number }[];
    }[];
    const p = plan[0];
    return {
      execMs: p['Execution Time'],
      planMs: p['Planning Time'],
      buffers: p.Plan['Shared Hit Blocks'] + p.Plan['Shared Read Blocks'],
      rows: res.rowCount ?? 0,
      wallMs,
      plan: shape(p.Plan),
    };
  } finally {
    await c.query('ROLLBACK');
  }
}

async function series(c: Client, from: string) {
  const samples: Sample[] = [];
  for (let i = 0; i < ROUNDS; i++) samples.push(await time(c, from));
  return {
    from,
    rows: samples[0].rows,
    plan: samples[0].plan,
    firstWallMs: +samples[0].wallMs.toFixed(3),
    medianWallMs: +median(samples.map((s) => s.wallMs)).toFixed(3),
    medianExecMs: +median(samples.map((s) => s.execMs)).toFixed(3),
    medianPlanMs: +median(samples.map((s) => s.planMs)).toFixed(3),
    medianBuffers: median(samples.map((s) => s.buffers)),
  };
}

async function main(): Promise<void> {
  const c = new Client({ connectionString: process.env.DATABASE_URL });
  // A long transaction that took its snapshot before the rows were published, as pg_dump or a long
  // report holds one: while it is open no dead entry can be removed or even marked dead in the index.
  const held = new Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  await held.connect();
  try {
    await held.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    await held.query('SELECT count(*) FROM outbox');
    const floor = await load(c);
    const heldFromZero = await series(c, '0');
    const heldFromStart = await series(c, floor);
    await held.query('COMMIT');
    // Without the long transaction the first index scan marks the dead entries it walks (its first
    // call pays for the walk), and the later ones skip them.
    const fromZero = await series(c, '0');
    const fromStart = await series(c, floor);
    await c.query(`VACUUM outbox`);
    const afterVacuum = await series(c, '0');
    const result = {
      benchmark: 'relay-claim',
      date: new Date().toISOString(),
      deadRows: DEAD,
      liveRows: LIVE,
      batch: BATCH,
      rounds: ROUNDS,
      longTransactionOpen: { claimFromZero: heldFromZero, claimFromStart: heldFromStart },
      noLongTransaction: { claimFromZero: fromZero, claimFromStart: fromStart },
      afterVacuum: { claimFromZero: afterVacuum },
      ratioWallZeroToStartWithLongTransaction: +(heldFromZero.medianWallMs / heldFromStart.medianWallMs).toFixed(1),
    };
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  } finally {
    await held.end().catch(() => undefined);
    await c.query(`ALTER TABLE outbox RESET (autovacuum_enabled)`).catch(() => undefined);
    await c.end();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
