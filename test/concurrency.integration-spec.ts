// Optimistic locking and idempotent intake under real concurrency against PostgreSQL.
import { type TestApp, type TestDepartment, type TestUser, bootTestApp, createDepartment, createUser } from '@hotline/testing';

describe('concurrent changes', () => {
  let t: TestApp;
  let unit: TestDepartment;
  let agent: TestUser;
  let dispatcher: TestUser;
  let handler1: TestUser;
  let handler2: TestUser;

  beforeAll(async () => {
    t = await bootTestApp();
    unit = await createDepartment(t.owner, { kind: 'utility', name: '测试供水公司' });
    agent = await createUser(t.owner, 'agent');
    dispatcher = await createUser(t.owner, 'dispatcher');
    handler1 = await createUser(t.owner, 'department', { department: unit });
    handler2 = await createUser(t.owner, 'department', { department: unit });
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  const order = { kind: 'help', priority: 'urgent', language: 'zh', channel: 'phone', title: '停水', content: '整栋楼停水' };

  async function dispatchedOrder(): Promise<string> {
    const created = await t.http().post('/api/work-orders').set('authorization', `Bearer ${await t.token(agent)}`).send(order).expect(201);
    await t.http().post(`/api/work-orders/${created.body.id}/dispatch`).set('authorization', `Bearer ${await t.token(dispatcher)}`).send({ departmentId: unit.id }).expect(200);
    return created.body.id;
  }

  it('lets exactly one of two handlers signing at once win; the other gets 409', async () => {
    for (let round = 0; round < 5; round++) {
      const id = await dispatchedOrder();
      const [a, b] = await Promise.all([
        t.http().post(`/api/work-orders/${id}/sign`).set('authorization', `Bearer ${await t.token(handler1)}`),
        t.http().post(`/api/work-orders/${id}/sign`).set('authorization', `Bearer ${await t.token(handler2)}`),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const signed = await t.owner.query(`SELECT count(*)::int AS n FROM work_order_events WHERE work_order_id = $1 AND type = 'signed'`, [id]);
      expect(signed[0].n).toBe(1);
    }
  });

  it('returns the same order for a retried create with the same Idempotency-Key', async () => {
    const token = await t.token(agent);
    const first = await t.http().post('/api/work-orders').set('authorization', `Bearer ${token}`).set('Idempotency-Key', 'call-778899').send(order);
    const retry = await t.http().post('/api/work-orders').set('authorization', `Bearer ${token}`).set('Idempotency-Key', 'call-778899').send(order);
    expect(first.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    expect(retry.headers['idempotent-replayed']).toBe('true');
  });

  it('creates one order when retries with one key race each other', async () => {
    const token = await t.token(agent);
    const results = await Promise.all(
      Array.from({ length: 8 }, () => t.http().post('/api/work-orders').set('authorization', `Bearer ${token}`).set('Idempotency-Key', 'race-key-1').send(order)),
    );
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    const rows = await t.owner.query(`SELECT count(*)::int AS n FROM work_orders WHERE idempotency_key = 'race-key-1'`);
    expect(rows[0].n).toBe(1);
  });

  it('gives every concurrently created order a distinct per-day code', async () => {
    const token = await t.token(agent);
    const results = await Promise.all(Array.from({ length: 30 }, () => t.http().post('/api/work-orders').set('authorization', `Bearer ${token}`).send(order)));
    const codes = results.map((r) => r.body.code as string);
    expect(new Set(codes).size).toBe(30);
    for (const c of codes) expect(c).toMatch(/^\d{8}-\d{6}$/);
  });
});
