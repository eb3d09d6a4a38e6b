// A department never sees another department's orders: over HTTP (repository scope) and directly
// in PostgreSQL under the application role (row-level security), the second wall.
import { Client } from 'pg';
import { appDatabaseUrl } from '@hotline/config';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ALL, readInScope } from '@hotline/core';
import { type TestApp, type TestDepartment, type TestUser, bootTestApp, createDepartment, createUser } from '@hotline/testing';

describe('department isolation', () => {
  let t: TestApp;
  let district: TestDepartment;
  let street: TestDepartment;
  let other: TestDepartment;
  let dispatcher: TestUser;
  let districtUser: TestUser;
  let streetUser: TestUser;
  let otherUser: TestUser;
  let orderId: string;

  beforeAll(async () => {
    t = await bootTestApp();
    district = await createDepartment(t.owner, { kind: 'district', name: '测试区政府' });
    street = await createDepartment(t.owner, { kind: 'street', parent: district, name: '测试街道' });
    other = await createDepartment(t.owner, { kind: 'city_bureau', name: '测试他局' });
    dispatcher = await createUser(t.owner, 'dispatcher');
    districtUser = await createUser(t.owner, 'department', { department: district });
    streetUser = await createUser(t.owner, 'department', { department: street });
    otherUser = await createUser(t.owner, 'department', { department: other });
    const agent = await createUser(t.owner, 'agent');
    const created = await t
      .http()
      .post('/api/work-orders')
      .set('authorization', `Bearer ${await t.token(agent)}`)
      .send({ kind: 'help', priority: 'normal', language: 'zh', channel: 'phone', title: '路灯不亮', content: '小区门口路灯坏了一周', citizenPhone: '13800001111' });
    orderId = created.body.id;
    await t.http().post(`/api/work-orders/${orderId}/dispatch`).set('authorization', `Bearer ${await t.token(dispatcher)}`).send({ departmentId: district.id }).expect(200);
    // 二级派单: the district hands it to its street office.
    await t.http().post(`/api/work-orders/${orderId}/dispatch`).set('authorization', `Bearer ${await t.token(districtUser)}`).send({ departmentId: street.id }).expect(200);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  const get = async (user: TestUser, path: string) => t.http().get(path).set('authorization', `Bearer ${await t.token(user)}`);

  it('shows the order to the unit holding it and to its parent unit', async () => {
    expect((await get(streetUser, `/api/work-orders/${orderId}`)).status).toBe(200);
    expect((await get(districtUser, `/api/work-orders/${orderId}`)).status).toBe(200);
    const list = await get(districtUser, '/api/work-orders?limit=200');
    expect(list.body.items.map((o: { id: string }) => o.id)).toContain(orderId);
  });

  it('hides the order from another unit in the list', async () => {
    const list = await get(otherUser, '/api/work-orders?limit=200');
    expect(list.status).toBe(200);
    expect(list.body.items.map((o: { id: string }) => o.id)).not.toContain(orderId);
  });

  it('answers 404 to another unit for detail, events and actions', async () => {
    expect((await get(otherUser, `/api/work-orders/${orderId}`)).status).toBe(404);
    expect((await get(otherUser, `/api/work-orders/${orderId}/events`)).status).toBe(404);
    const sign = await t.http().post(`/api/work-orders/${orderId}/sign`).set('authorization', `Bearer ${await t.token(otherUser)}`);
    expect(sign.status).toBe(404);
  });

  it('refuses the parent unit signing for its sub-unit', async () => {
    const sign = await t.http().post(`/api/work-orders/${orderId}/sign`).set('authorization', `Bearer ${await t.token(districtUser)}`);
    expect(sign.status).toBe(403);
  });

  it('masks the phone number in every view', async () => {
    const res = await get(streetUser, `/api/work-orders/${orderId}`);
    expect(res.body.citizenPhone).toBe('138****1111');
  });

  it('audits a read of the unmasked number', async () => {
    const res = await get(dispatcher, `/api/work-orders/${orderId}/contact`);
    expect(res.body.citizenPhone).toBe('13800001111');
    const audit = await t.owner.query(`SELECT actor_id FROM audit_log WHERE subject_id = $1 AND action = 'read_citizen_contact'`, [orderId]);
    expect(audit.map((a: { actor_id: string }) => a.actor_id)).toContain(dispatcher.id);
  });

  describe('row-level security under the application role', () => {
    let pg: Client;
    beforeAll(async () => {
      pg = new Client({ connectionString: appDatabaseUrl(t.cfg) });
      await pg.connect();
    });
    afterAll(async () => {
      await pg?.end();
    });

    async function visible(scope: 'all' | 'department' | null, path = ''): Promise<number> {
      await pg.query('BEGIN');
      try {
        if (scope) await pg.query(`SELECT set_config('app.scope', $1, true), set_config('app.scope_path', $2, true)`, [scope, path]);
        const r = await pg.query('SELECT count(*)::int AS n FROM work_orders WHERE id = $1', [orderId]);
        return r.rows[0].n as number;
      } finally {
        await pg.query('ROLLBACK');
      }
    }

    it('connects as a role that is neither superuser nor table owner', async () => {
      const r = await pg.query(`SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`);
      expect(r.rows[0]).toEqual({ rolsuper: false, rolbypassrls: false });
      const owner = await pg.query(`SELECT tableowner FROM pg_tables WHERE tablename = 'work_orders'`);
      expect(owner.rows[0].tableowner).not.toBe(t.cfg.DATABASE_APP_USER);
    });

    it('shows nothing when no scope is set', async () => {
      expect(await visible(null)).toBe(0);
    });

    it('shows the order to the holding unit and its parent', async () => {
      expect(await visible('department', street.path)).toBe(1);
      expect(await visible('department', district.path)).toBe(1);
    });

    it('hides the order from another unit even with a hand-written query', async () => {
      expect(await visible('department', other.path)).toBe(0);
    });

    it('refuses another unit an UPDATE of the order', async () => {
      await pg.query('BEGIN');
      try {
        await pg.query(`SELECT set_config('app.scope', 'department', true), set_config('app.scope_path', $1, true)`, [other.path]);
        const r = await pg.query(`UPDATE work_orders SET title = 'hacked' WHERE id = $1`, [orderId]);
        expect(r.rowCount).toBe(0);
      } finally {
        await pg.query('ROLLBACK');
      }
    });

    it('lets the app role itself bypass nothing: only the centre role it switches to does', async () => {
      const r = await pg.query(`SELECT rolbypassrls FROM pg_roles WHERE rolname = current_user`);
      expect(r.rows[0].rolbypassrls).toBe(false);
      await pg.query('BEGIN');
      try {
        await pg.query(`SELECT set_config('role', 'hotline_centre', true)`);
        const plan = (await pg.query('EXPLAIN SELECT id FROM work_orders ORDER BY created_at DESC, id DESC LIMIT 50')).rows.map((x) => x['QUERY PLAN']).join('\n');
        expect(plan).not.toMatch(/current_setting/);
      } finally {
        await pg.query('ROLLBACK');
      }
      expect(await visible(null)).toBe(0);
    });

    it('shows a department scope with an empty path nothing', async () => {
      // After an earlier transaction, the custom setting reads back as '' rather than NULL.
      expect(await visible('department', '')).toBe(0);
    });

    it('does not leak the scope to the next transaction on the same connection', async () => {
      await pg.query('BEGIN');
      await pg.query(`SELECT set_config('app.scope', 'all', true)`);
      await pg.query('COMMIT');
      expect(await visible(null)).toBe(0);
    });

    it('keeps the event history append-only', async () => {
      await expect(pg.query(`UPDATE work_order_events SET type = 'x' WHERE work_order_id = $1`, [orderId])).rejects.toThrow(/permission denied/);
      await expect(pg.query(`DELETE FROM work_order_events WHERE work_order_id = $1`, [orderId])).rejects.toThrow(/permission denied/);
    });
  });

  describe('the list read (readInScope: BEGIN, scope, statement and COMMIT in one round trip)', () => {
    const ds = () => t.api.get(DataSource);
    const count = () => ({ text: 'SELECT count(*) AS n FROM work_orders WHERE id = $1', values: [orderId] });
    const n = (rows: { n: string }[]) => Number(rows[0].n);
    const clean = async () => {
      // Every pooled connection afterwards: outside any transaction, with no scope set.
      const states = await Promise.all(
        Array.from({ length: 5 }, () =>
          ds().query(`SELECT current_setting('app.scope', true) AS scope, current_user AS who, now() = statement_timestamp() AS fresh`),
        ),
      );
      for (const [s] of states as { scope: string | null; who: string; fresh: boolean }[][]) {
        expect(s.scope ?? '').toBe('');
        expect(s.who).not.toBe('hotline_centre');
        expect(s.fresh).toBe(true);
      }
    };

    it('applies the department scope through RLS and the centre role for the centre', async () => {
      expect(n(await readInScope(ds(), { departmentId: street.id, path: street.path }, count()))).toBe(1);
      expect(n(await readInScope(ds(), { departmentId: other.id, path: other.path }, count()))).toBe(0);
      expect(n(await readInScope(ds(), ALL, count()))).toBe(1);
    });

    it('passes every value to PostgreSQL exactly as a parameter would (quotes, backslashes, a statement in a string, arrays, dates, NULL)', async () => {
      const nasty = `a'b\\c"; COMMIT; SET ROLE postgres; --`;
      const at = new Date('2026-01-28T16:00:00.123Z');
      const [row] = await readInScope<{ s: string; arr: string[]; at: Date; none: string | null; lim: string; same: boolean }>(ds(), ALL, {
        text: `SELECT $1::text AS s, $2::text[] AS arr, $3::timestamptz AS at, $4::text AS none, $5::int AS lim, $1 = $6 AS same, current_user AS who LIMIT $5`,
        values: [nasty, [nasty, 'x', '', '{', '\\'], at, null, 7, nasty],
      });
      expect(row).toEqual({ s: nasty, arr: [nasty, 'x', '', '{', '\\'], at, none: null, lim: 7, same: true, who: 'hotline_centre' });
    });

    it('is read-only, refuses a path that is not a unit path, and leaves no transaction or scope behind when a statement fails', async () => {
      await expect(readInScope(ds(), ALL, { text: `UPDATE work_orders SET title = title WHERE id = $1`, values: [orderId] })).rejects.toThrow(/read-only/);
      await expect(readInScope(ds(), { departmentId: other.id, path: "/x'; SET ROLE postgres; --/" }, count())).rejects.toThrow(/unit path/);
      await expect(readInScope(ds(), ALL, { text: `SELECT $1::int AS n`, values: ['not a number'] })).rejects.toThrow(/invalid input syntax/);
      await expect(readInScope(ds(), ALL, { text: `SELECT $1::text AS n`, values: ['a\u0000b'] })).rejects.toThrow(/NUL/);
      await clean();
    });

    it('prints timestamps in UTC whatever the session TimeZone, and leaves the session’s own zone behind', async () => {
      // A pool whose sessions run in Asia/Shanghai, as a city's PostgreSQL may be configured.
      const shanghai = new DataSource({ ...ds().options, extra: { max: 1, options: '-c TimeZone=Asia/Shanghai' } } as DataSourceOptions);
      await shanghai.initialize();
      try {
        const [row] = await readInScope<{ tz: string; at: string }>(shanghai, ALL, {
          text: `SELECT current_setting('TimeZone') AS tz, $1::timestamptz AS at`,
          values: [new Date('2026-01-28T16:00:00.123Z')],
          types: { getTypeParser: () => (text: string) => text }, // every value as PostgreSQL's text, as the list reads timestamps
        });
        expect(row).toEqual({ tz: 'UTC', at: '2026-01-28 16:00:00.123+00' });
        const [after] = (await shanghai.query(`SELECT current_setting('TimeZone') AS tz, now() = statement_timestamp() AS fresh`)) as { tz: string; fresh: boolean }[];
        expect(after).toEqual({ tz: 'Asia/Shanghai', fresh: true });
      } finally {
        await shanghai.destroy();
      }
    });

    it('fails only the read when its connection dies mid-transaction, and the pool carries on', async () => {
      // The read's own backend ends itself in the middle of the transaction (the department scope keeps the app role).
      const read = readInScope(ds(), { departmentId: street.id, path: street.path }, { text: 'SELECT pg_terminate_backend(pg_backend_pid())', values: [] });
      await expect(read).rejects.toThrow();
      // The process is still here (no unhandled 'error' from the dead client) and the next reads work.
      for (let i = 0; i < 3; i++) expect(n(await readInScope(ds(), ALL, count()))).toBe(1);
      await clean();
      expect((await t.http().get(`/api/work-orders/${orderId}`).set('authorization', `Bearer ${await t.token(dispatcher)}`)).status).toBe(200);
    });
  });
});

