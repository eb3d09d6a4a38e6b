// Each Jest worker runs its files on a clone of the run's database and under a BullMQ prefix of its
// own (libs/testing/src/worker-setup.ts), so files in different workers never see each other's rows
// or jobs. The clone must be the run's database: its migrations, its seed, its database-level grants.
import { Client } from 'pg';
import { loadConfig } from '@hotline/config';
import { cloneDatabase } from '@hotline/testing';

describe("a Jest worker's own database", () => {
  const cfg = loadConfig();
  const worker = process.env.JEST_WORKER_ID ?? '1';
  const mine = decodeURIComponent(new URL(cfg.DATABASE_URL).pathname.slice(1));
  const template = decodeURIComponent(new URL(process.env.HOTLINE_TEST_TEMPLATE_URL!).pathname.slice(1));
  let admin: Client;

  beforeAll(async () => {
    const url = new URL(cfg.DATABASE_URL);
    url.pathname = '/postgres';
    admin = new Client({ connectionString: url.toString() });
    await admin.connect();
  });

  afterAll(() => admin?.end());

  it("is named after the run's database and the worker, with a prefix of its own", () => {
    expect(mine).toBe(`${template}_w${worker}`);
    expect(cfg.QUEUE_PREFIX).toBe(`{hotline-test-${process.env.HOTLINE_TEST_RUN}-w${worker}}`);
  });

  it("carries the run's migrations and seed", async () => {
    const db = new Client({ connectionString: cfg.DATABASE_URL });
    await db.connect();
    try {
      const [{ n: migrations }] = (await db.query('SELECT count(*)::int AS n FROM schema_migrations')).rows;
      const [{ n: agents }] = (await db.query(`SELECT count(*)::int AS n FROM users WHERE username IN ('agent01', 'agent_mn', 'paidan', 'zjj01')`)).rows;
      expect(migrations).toBeGreaterThan(10);
      expect(agents).toBe(4);
    } finally {
      await db.end();
    }
  });

  it("has the run's database-level grants, which CREATE DATABASE does not copy", async () => {
    const grants = async (datname: string) =>
      (
        await admin.query(
          `SELECT r.rolname || ':' || a.privilege_type AS g
             FROM pg_database d, aclexplode(d.datacl) a JOIN pg_roles r ON r.oid = a.grantee
            WHERE d.datname = $1 AND a.grantee <> d.datdba ORDER BY 1`,
          [datname],
        )
      ).rows.map((r: { g: string }) => r.g);
    const expected = await grants(template);
    expect(expected).toEqual(expect.arrayContaining(['hotline_app:CONNECT', 'hotline_centre:CONNECT']));
    expect(await grants(mine)).toEqual(expected);
  });

  it('is created once: a second clone leaves it as it is', async () => {
    await expect(cloneDatabase(process.env.HOTLINE_TEST_TEMPLATE_URL!, cfg.DATABASE_URL)).resolves.toBe(false);
  });
});
