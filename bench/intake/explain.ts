// EXPLAIN ANALYZE of the list queries the benchmark drives, run the way the api runs them: as the
// application role inside a transaction with the scope set by set_config (a department's scope under
// row-level security; the centre's through the centre role, as readInScope switches to it), with the
// WHERE / ORDER BY / LIMIT that WorkOrderRepository.listStatement() builds. For the slow shapes the same
// query as the table owner (RLS bypassed) is shown for contrast.
// Prints JSON to stdout.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/hotline_bench node -r ./scripts/register.js bench/intake/explain.ts
import { Client } from 'pg';
import { segments } from '../../libs/core/src/work-orders/search-text';

/** The role centre-scope reads switch to (CENTRE_DB_ROLE in libs/core/src/shared/scoped-transaction.ts). */
const CENTRE_DB_ROLE = 'hotline_centre';

const APP_ROLE = process.env.DATABASE_APP_USER ?? 'hotline_app';
const ORDER = 'ORDER BY wo.created_at DESC, wo.id DESC LIMIT 51';

interface Variant {
  name: string;
  scope: { kind: 'all' } | { kind: 'department'; path: string };
  where: string;
  params: unknown[];
  ownerToo: boolean;
  order?: string;
}

async function explain(db: Client, v: Variant, asApp: boolean): Promise<{ role: string; executionMs: number | null; plan: string }> {
  await db.query('BEGIN');
  try {
    if (asApp) await db.query(`SET LOCAL ROLE ${APP_ROLE}`);
    if (v.scope.kind === 'department') {
      await db.query(`SELECT set_config('app.scope', 'department', true), set_config('app.scope_path', $1, true)`, [v.scope.path]);
    } else {
      // As readInScope does for the centre: the app role switches to the centre role (no RLS qual).
      if (asApp) await db.query(`SET LOCAL ROLE ${CENTRE_DB_ROLE}`);
      await db.query(`SELECT set_config('app.scope', 'all', true), set_config('app.scope_path', '', true)`);
    }
    const sql = `EXPLAIN (ANALYZE, BUFFERS) SELECT wo.* FROM work_orders wo ${v.where ? `WHERE ${v.where}` : ''} ${v.order ?? ORDER}`;
    const rows = (await db.query(sql, v.params)).rows as { 'QUERY PLAN': string }[];
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    const m = /Execution Time: ([\d.]+) ms/.exec(plan);
    const role = !asApp ? 'owner (no RLS)' : v.scope.kind === 'department' ? `${APP_ROLE} (RLS)` : `${APP_ROLE} as ${CENTRE_DB_ROLE}`;
    return { role, executionMs: m ? Number(m[1]) : null, plan };
  } finally {
    await db.query('ROLLBACK');
  }
}

async function main(): Promise<void> {
  const db = new Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  try {
    const dept = (await db.query(`SELECT id, path FROM departments WHERE code = 'zjj'`)).rows[0] as { id: string; path: string } | undefined;
    const variants: Variant[] = [
      { name: 'latest', scope: { kind: 'all' }, where: '', params: [], ownerToo: false },
      { name: 'status_dispatched', scope: { kind: 'all' }, where: 'wo.status = $1', params: ['dispatched'], ownerToo: true },
      {
        name: 'search_q',
        scope: { kind: 'all' },
        where: `wo.search_vector @@ plainto_tsquery('simple', $1)`,
        params: [segments('噪音').join(' ')],
        ownerToo: true,
      },
    ];
    // A term no order contains: what any rare search costs (the GIN index, or not).
    variants.push({
      name: 'search_rare',
      scope: { kind: 'all' },
      where: `wo.search_vector @@ plainto_tsquery('simple', $1)`,
      params: [segments('燃气泄漏').join(' ')],
      ownerToo: true,
    });
    if (dept) {
      // As the api runs it for a unit without sub-units (WorkOrderRepository.listStatement): its unit id,
      // with RLS applying the path.
      variants.push({ name: 'department', scope: { kind: 'department', path: dept.path }, where: 'wo.department_id = $1', params: [dept.id], ownerToo: true, order: 'ORDER BY wo.department_id DESC, wo.created_at DESC, wo.id DESC LIMIT 51' });
    }
    const out: Record<string, unknown[]> = {};
    for (const v of variants) {
      out[v.name] = [await explain(db, v, true)];
      if (v.ownerToo) out[v.name].push(await explain(db, v, false));
    }
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } finally {
    await db.end();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
