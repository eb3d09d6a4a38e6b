// The hot statements are named prepared statements, kept per pooled connection. A migration that
// changes work_orders while the api runs must not break them: they name their columns (an added
// column does not change their result), and a statement whose result type did change ("cached plan
// must not change result type") is prepared afresh and its call or transaction retried. Runs on a
// database of its own, because it alters work_orders.
import { type IsolatedDatabase, type TestApp, type TestUser, bootTestApp, createIsolatedDatabase, createUser } from '@hotline/testing';

describe('prepared statements across a migration', () => {
  let db: IsolatedDatabase | undefined;
  let t: TestApp;
  let agent: TestUser;
  let dispatcher: TestUser;
  let unitId: string;

  beforeAll(async () => {
    db = await createIsolatedDatabase('prep');
    t = await bootTestApp({ env: db.env });
    agent = await createUser(t.owner, 'agent');
    dispatcher = await createUser(t.owner, 'dispatcher');
    const [unit] = (await t.owner.query(`SELECT id FROM departments WHERE kind = 'city_bureau' AND active ORDER BY code LIMIT 1`)) as { id: string }[];
    unitId = unit.id;
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const body = { kind: 'help', priority: 'normal', language: 'zh', channel: 'phone', title: '井盖缺失', content: '路口井盖丢了，很危险', address: '胜利路' };

  /** Creates, reads, dispatches (load + versioned update + hop) and lists, many at once, so every pooled connection has its statements. */
  async function exercise(): Promise<void> {
    const auth = `Bearer ${await t.token(agent)}`;
    const disp = `Bearer ${await t.token(dispatcher)}`;
    const created = await Promise.all(Array.from({ length: 24 }, () => t.http().post('/api/work-orders').set('authorization', auth).send(body)));
    expect(created.map((r) => r.status)).toEqual(created.map(() => 201));
    const ids = created.map((r) => String(r.body.id));
    const read = await Promise.all(ids.map((id) => t.http().get(`/api/work-orders/${id}`).set('authorization', auth)));
    expect(read.map((r) => r.status)).toEqual(ids.map(() => 200));
    const dispatched = await Promise.all(
      ids.slice(0, 12).map((id) => t.http().post(`/api/work-orders/${id}/dispatch`).set('authorization', disp).send({ departmentId: unitId })),
    );
    expect(dispatched.map((r) => [r.status, r.body.status])).toEqual(dispatched.map(() => [200, 'dispatched']));
    const list = await t.http().get('/api/work-orders?limit=50').set('authorization', disp);
    expect(list.status).toBe(200);
    expect((list.body.items as { id: string }[]).map((i) => i.id)).toEqual(expect.arrayContaining(ids));
  }

  it('keeps answering after a column is added to work_orders and dropped again', async () => {
    await exercise();
    await t.owner.query(`ALTER TABLE work_orders ADD COLUMN migration_probe int`);
    await exercise();
    await t.owner.query(`ALTER TABLE work_orders DROP COLUMN migration_probe`);
    await exercise();
  }, 60_000);

  it('keeps answering after the type of a column it returns changes', async () => {
    await exercise();
    await t.owner.query(`ALTER TABLE work_orders ALTER COLUMN address TYPE varchar(400)`);
    await exercise();
    await t.owner.query(`ALTER TABLE work_orders ALTER COLUMN address TYPE varchar(300)`);
    await exercise();
  }, 60_000);
});
