// The hot statements are named prepared statements, kept per pooled connection. A migration that adds
// a column while the api runs must not break them ("cached plan must not change result type"): they
// name their columns. Runs on a database of its own, because it alters work_orders.
import { type IsolatedDatabase, type TestApp, type TestUser, bootTestApp, createIsolatedDatabase, createUser } from '@hotline/testing';

describe('prepared statements across a migration', () => {
  let db: IsolatedDatabase | undefined;
  let t: TestApp;
  let agent: TestUser;
  let dispatcher: TestUser;

  beforeAll(async () => {
    db = await createIsolatedDatabase('prep');
    t = await bootTestApp({ env: db.env });
    agent = await createUser(t.owner, 'agent');
    dispatcher = await createUser(t.owner, 'dispatcher');
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const body = { kind: 'help', priority: 'normal', language: 'zh', channel: 'phone', title: '井盖缺失', content: '路口井盖丢了，很危险' };

  async function createAndList(): Promise<void> {
    const auth = `Bearer ${await t.token(agent)}`;
    // Enough requests, concurrently, that every pooled connection has prepared its statements.
    const created = await Promise.all(Array.from({ length: 24 }, () => t.http().post('/api/work-orders').set('authorization', auth).send(body)));
    expect(created.map((r) => r.status)).toEqual(created.map(() => 201));
    const one = await t
      .http()
      .get(`/api/work-orders/${String(created[0].body.id)}`)
      .set('authorization', auth);
    expect(one.status).toBe(200);
    const dispatch = await t
      .http()
      .post(`/api/work-orders/${String(created[1].body.id)}/dispatch`)
      .set('authorization', `Bearer ${await t.token(dispatcher)}`);
    // 400: no department named; what matters is that the order loaded (no 500 from a stale plan).
    expect(dispatch.status).toBe(400);
  }

  it('keeps answering after a column is added to work_orders and dropped again', async () => {
    await createAndList();
    await t.owner.query(`ALTER TABLE work_orders ADD COLUMN migration_probe int`);
    await createAndList();
    await t.owner.query(`ALTER TABLE work_orders DROP COLUMN migration_probe`);
    await createAndList();
  }, 60_000);
});
