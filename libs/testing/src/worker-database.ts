// Each Jest worker runs its test files one after another on a database and a BullMQ prefix of its
// own, cloned from the run's database (built once by global setup with the real migrations and seed).
// Files in different workers run at the same time; on one shared database a worker booted by one
// file would route another file's orders, and counts taken before and after would see the other
// file's rows.
import { quoteIdent, withMaintenanceClient } from '@hotline/database';

const OBJECT_IN_USE = '55006';

/** The database and prefix of the calling Jest worker: `<run database>_w<JEST_WORKER_ID>`. */
export function workerDatabase(templateUrl: string, run: string, workerId: string): { url: string; queuePrefix: string } {
  if (!/^\d+$/.test(workerId)) throw new Error(`JEST_WORKER_ID must be a number, got ${JSON.stringify(workerId)}`);
  const url = new URL(templateUrl);
  url.pathname = `${url.pathname}_w${workerId}`;
  return { url: url.toString(), queuePrefix: `{hotline-test-${run}-w${workerId}}` };
}

/**
 * Creates the database at `cloneUrl` as a copy of the one at `templateUrl`, unless it exists, with
 * the template's database-level grants (CREATE DATABASE copies the contents, not those).
 */
export async function cloneDatabase(templateUrl: string, cloneUrl: string): Promise<boolean> {
  const [template, clone] = [templateUrl, cloneUrl].map((u) => decodeURIComponent(new URL(u).pathname.slice(1)));
  return withMaintenanceClient(templateUrl, async (client) => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [clone]);
    if (rowCount) return false;
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE ${quoteIdent(clone)} TEMPLATE ${quoteIdent(template)}`);
        break;
      } catch (err) {
        // Another worker's clone of the same template holds it for a moment.
        if ((err as { code?: string }).code !== OBJECT_IN_USE || attempt >= 50) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const grants = await client.query<{ rolname: string; privilege_type: string }>(
      `SELECT r.rolname, a.privilege_type
         FROM pg_database d, aclexplode(d.datacl) a JOIN pg_roles r ON r.oid = a.grantee
        WHERE d.datname = $1 AND a.grantee <> d.datdba`,
      [template],
    );
    for (const g of grants.rows) await client.query(`GRANT ${g.privilege_type} ON DATABASE ${quoteIdent(clone)} TO ${quoteIdent(g.rolname)}`);
    return true;
  });
}
