// 500 orders across the catalogue, routed and dispatched by the worker; the wrong ones returned
// (职能不符) and re-dispatched; the dispatch-accuracy endpoint must agree with a hand count. Runs on a
// database of its own so that no other test's dispatches enter the figures.
import { localDate } from '@hotline/core';
import {
  type IsolatedDatabase,
  type RoutingCorpusItem,
  type TestApp,
  type TestUser,
  bootTestApp,
  createDepartment,
  createIsolatedDatabase,
  createUser,
  generateRoutingCorpus,
  pollUntil,
} from '@hotline/testing';

const ORDERS = 500;

describe('routing 500 orders across the catalogue', () => {
  let db: IsolatedDatabase | undefined;
  let t: TestApp;
  let agent: TestUser;
  let dispatcher: TestUser;
  let supervisor: TestUser;
  const corpus: RoutingCorpusItem[] = generateRoutingCorpus({ size: ORDERS, seed: 20261122 });

  beforeAll(async () => {
    db = await createIsolatedDatabase('r500');
    const env = db.env;
    t = await bootTestApp({ worker: true, env });
    // Threshold 0: the worker dispatches every order by itself; what it gets wrong is what is measured.
    const centre = await createDepartment(t.owner, { kind: 'centre' });
    await t.owner.query(`INSERT INTO routing_settings (centre_id, mode, threshold) VALUES ($1, 'auto', 0)`, [centre.id]);
    agent = await createUser(t.owner, 'agent', { department: centre });
    dispatcher = await createUser(t.owner, 'dispatcher');
    supervisor = await createUser(t.owner, 'supervisor');
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  async function bearer(user: TestUser): Promise<string> {
    return `Bearer ${await t.token(user)}`;
  }

  it('dispatches each order once, and the accuracy endpoint agrees with a hand count of the returns', async () => {
    const units = new Map(((await t.owner.query(`SELECT id, code FROM departments`)) as { id: string; code: string }[]).map((u) => [u.code, u.id]));
    const auth = await bearer(agent);
    // An agent picks the matter from the catalogue for some orders; the others carry only the caller's words.
    const ids: string[] = [];
    for (let i = 0; i < corpus.length; i += 20) {
      const batch = await Promise.all(
        corpus.slice(i, i + 20).map((c, k) =>
          t
            .http()
            .post('/api/work-orders')
            .set('authorization', auth)
            .send({
              kind: 'complaint',
              priority: 'normal',
              language: 'zh',
              channel: 'phone',
              title: c.title,
              content: c.content,
              address: c.address,
              ...(c.districtCode ? { districtCode: c.districtCode } : {}),
              ...((i + k) % 5 < 2 ? { matterCode: c.matterCode } : {}),
            }),
        ),
      );
      for (const r of batch) {
        expect(r.status).toBe(201);
        ids.push(r.body.id as string);
      }
    }

    const first = await pollUntil(
      async () => {
        const rows = (await t.owner.query(
          `SELECT work_order_id AS id, department_id, routed_by, model_version FROM dispatch_records WHERE level = 1 AND work_order_id = ANY($1)`,
          [ids],
        )) as { id: string; department_id: string; routed_by: string; model_version: number | null }[];
        return rows.length >= ids.length ? rows : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 500, what: 'the worker to dispatch all 500 orders' },
    );
    // Exactly one first-level dispatch record per order, decided by the catalogue or the router.
    expect(first).toHaveLength(ORDERS);
    expect(new Set(first.map((r) => r.id)).size).toBe(ORDERS);
    expect(new Set(first.map((r) => r.routed_by))).toEqual(new Set(['catalogue', 'router']));
    expect(first.filter((r) => r.routed_by === 'router').every((r) => r.model_version !== null)).toBe(true);

    // The hand count: which orders went to a unit other than the one responsible.
    const byId = new Map(first.map((r) => [r.id, r.department_id]));
    const wrong = ids
      .map((id, i) => ({ id, got: byId.get(id)!, expected: units.get(corpus[i].expectedDepartmentCode)! }))
      .filter((o) => o.got !== o.expected);
    expect(wrong.length).toBeLessThanOrEqual(ORDERS * 0.05);

    // Each wrongly dispatched unit returns its order (职能不符); the dispatcher approves and names the right unit.
    const handlers = new Map<string, string>();
    for (const o of wrong) {
      if (!handlers.has(o.got)) handlers.set(o.got, await bearer(await createUser(t.owner, 'department', { department: { id: o.got, code: '', path: '' } })));
      const ret = await t.http().post(`/api/work-orders/${o.id}/return`).set('authorization', handlers.get(o.got)!).send({ reasonCode: 'function_mismatch', note: '非我单位职责' });
      expect(ret.status).toBe(200);
      const review = await t
        .http()
        .post(`/api/work-orders/${o.id}/return/review`)
        .set('authorization', await bearer(dispatcher))
        .send({ approved: true, departmentId: o.expected });
      expect(review.status).toBe(200);
    }

    const dispatches = ORDERS + wrong.length;
    const today = localDate(new Date(), 'Asia/Shanghai');
    const total = await pollUntil(
      async () => {
        const r = await t.http().get(`/api/metrics/dispatch?from=${today}&to=${today}&groupBy=department`).set('authorization', await bearer(supervisor));
        return r.body.total?.dispatchAccuracy?.denominator === dispatches ? r.body.total : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500, what: 'the dispatch rollup to count every dispatch' },
    );
    expect(total.dispatchAccuracy).toMatchObject({ numerator: ORDERS, denominator: dispatches });
    expect(total.dispatchAccuracy.rate).toBeCloseTo(ORDERS / dispatches, 6);
    expect(total.firstDispatchAccuracy).toMatchObject({ numerator: ORDERS - wrong.length, denominator: ORDERS });
    expect(total.averageHops).toMatchObject({ numerator: dispatches, denominator: ORDERS });
    expect(total.counts.approvedReturns).toBe(wrong.length);
  }, 300_000);
});
