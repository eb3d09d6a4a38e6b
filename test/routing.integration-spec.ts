// Orders registered without a unit are routed by the worker: the matter catalogue first (属地 by
// district), then the text router; the centre's mode decides between dispatching and the manual queue.
import type { DataSource } from 'typeorm';
import {
  type IsolatedDatabase,
  type TestApp,
  type TestDepartment,
  type TestUser,
  bootTestApp,
  createDepartment,
  createIsolatedDatabase,
  createUser,
  pollUntil,
} from '@hotline/testing';

interface DispatchRow {
  department_id: string;
  routed_by: string;
  model_version: number | null;
  route_score: number | null;
}

async function unitId(ds: DataSource, code: string): Promise<string> {
  const rows = (await ds.query(`SELECT id FROM departments WHERE code = $1`, [code])) as { id: string }[];
  return rows[0].id;
}

describe('routing through the dispatch queue', () => {
  let db: IsolatedDatabase | undefined;
  let t: TestApp;
  let agent: TestUser;
  let suggestAgent: TestUser;
  let dispatcher: TestUser;
  let admin: TestUser;

  beforeAll(async () => {
    // Its own database and queue prefix: no other file's worker (on a test clock, or closing when
    // its file ends) can take these orders' routing jobs.
    db = await createIsolatedDatabase('routing');
    t = await bootTestApp({ worker: true, env: db.env });
    const autoCentre = await createDepartment(t.owner, { kind: 'centre', name: '测试自动派单中心' });
    await t.owner.query(`INSERT INTO routing_settings (centre_id, mode, threshold) VALUES ($1, 'auto', 0.6)`, [autoCentre.id]);
    const suggestCentre = await createDepartment(t.owner, { kind: 'centre', name: '测试建议派单中心' });
    await t.owner.query(`INSERT INTO routing_settings (centre_id, mode, threshold) VALUES ($1, 'suggest', 0.6)`, [suggestCentre.id]);
    agent = await createUser(t.owner, 'agent', { department: autoCentre });
    suggestAgent = await createUser(t.owner, 'agent', { department: suggestCentre });
    dispatcher = await createUser(t.owner, 'dispatcher');
    admin = await createUser(t.owner, 'admin');
  }, 90_000);

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  async function as(user: TestUser) {
    const token = await t.token(user);
    return {
      post: (path: string, body: object = {}) => t.http().post(path).set('authorization', `Bearer ${token}`).send(body),
      get: (path: string) => t.http().get(path).set('authorization', `Bearer ${token}`),
    };
  }

  async function create(user: TestUser, body: Record<string, unknown>): Promise<string> {
    const res = await (await as(user)).post('/api/work-orders', { kind: 'complaint', priority: 'normal', language: 'zh', channel: 'phone', ...body });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  async function dispatchOf(id: string): Promise<DispatchRow> {
    return pollUntil(
      async () => {
        const rows = (await t.owner.query(`SELECT department_id, routed_by, model_version, route_score FROM dispatch_records WHERE work_order_id = $1 AND level = 1 ORDER BY hop DESC`, [id])) as DispatchRow[];
        return rows[0];
      },
      { timeoutMs: 20_000, what: `the worker to dispatch ${id}` },
    );
  }

  it('dispatches by the matter catalogue, and a 属地 matter to the district where it happened', async () => {
    const noise = await create(agent, { title: '工地夜间施工', content: '晚上十二点还在打桩', matterCode: 'cg.noise.construction' });
    const vending = await create(agent, { title: '占道经营', content: '有人在人行道上摆摊', matterCode: 'cg.street_vending', districtCode: '150821' });
    expect(await dispatchOf(noise)).toMatchObject({ department_id: await unitId(t.owner, 'cgj'), routed_by: 'catalogue' });
    expect(await dispatchOf(vending)).toMatchObject({ department_id: await unitId(t.owner, 'wuyuan'), routed_by: 'catalogue' });
  }, 60_000);

  it('dispatches a clear text without a matter code by the text router and records the model version', async () => {
    const id = await create(agent, { title: '家里自来水停水了', content: '从早上开始小区停水，自来水管没有水，也没有停水通知', address: '临河区胜利路' });
    const d = await dispatchOf(id);
    expect(d).toMatchObject({ department_id: await unitId(t.owner, 'gongshui'), routed_by: 'router' });
    expect(d.route_score).toBeGreaterThanOrEqual(0.6);
    const events = (await (await as(dispatcher)).get(`/api/work-orders/${id}/events`)).body as { type: string; actorRole: string; details: Record<string, unknown> }[];
    expect(events.find((e) => e.type === 'dispatched')).toMatchObject({ actorRole: 'system', details: { routedBy: 'router' } });
  }, 60_000);

  it('leaves a vague text to the dispatchers with the top suggestions', async () => {
    const id = await create(agent, { title: '反映问题', content: '我想反映一个情况，希望有关部门处理一下' });
    const D = await as(dispatcher);
    const item = await pollUntil(async () => ((await D.get('/api/routing/queue')).body as { id: string; suggestions: unknown[]; reason: string }[]).find((q) => q.id === id && q.reason), {
      timeoutMs: 20_000,
      what: 'the vague order in the manual queue',
    });
    expect(item.suggestions.length).toBeGreaterThan(0);
    expect(item.suggestions.length).toBeLessThanOrEqual(3);
    expect(item.reason).toMatch(/under the threshold|no suggestion/);
    const rows = await t.owner.query(`SELECT status FROM work_orders WHERE id = $1`, [id]);
    expect(rows[0].status).toBe('registered');
  }, 60_000);

  it('never dispatches by itself for a centre in suggest mode, even from the catalogue', async () => {
    const id = await create(suggestAgent, { title: '工地夜间施工', content: '打桩声音很大', matterCode: 'cg.noise.construction' });
    const D = await as(dispatcher);
    const item = await pollUntil(async () => ((await D.get('/api/routing/queue')).body as { id: string; suggestions: { departmentId: string; source: string }[] }[]).find((q) => q.id === id && q.suggestions.length), {
      timeoutMs: 20_000,
      what: 'the order in the manual queue',
    });
    expect(item.suggestions[0]).toMatchObject({ departmentId: await unitId(t.owner, 'cgj'), source: 'catalogue' });
    // The dispatcher takes the suggestion: the order leaves the queue.
    expect((await D.post(`/api/work-orders/${id}/dispatch`, { departmentId: item.suggestions[0].departmentId })).status).toBe(200);
    expect(((await D.get('/api/routing/queue')).body as { id: string }[]).some((q) => q.id === id)).toBe(false);
  }, 60_000);

  it('re-routes an approved return without the unit that returned it', async () => {
    const id = await create(agent, { title: '燃气泄漏', content: '楼道里有很大的煤气味，怀疑燃气管道漏气', matterCode: 'gy.gas' });
    const first = await dispatchOf(id);
    const handler = await createUser(t.owner, 'department', { department: { id: first.department_id, code: '', path: '' } as TestDepartment });
    // The handler's token carries the unit's real path.
    const H = await as(handler);
    expect((await H.post(`/api/work-orders/${id}/return`, { reasonCode: 'function_mismatch', note: '不属我单位职责' })).status).toBe(200);
    const reviewed = await (await as(dispatcher)).post(`/api/work-orders/${id}/return/review`, { approved: true });
    expect(reviewed.status).toBe(200);
    expect(reviewed.body.status).toBe('registered');
    const second = await pollUntil(
      async () => {
        const rows = (await t.owner.query(`SELECT department_id, routed_by FROM dispatch_records WHERE work_order_id = $1 AND level = 1 AND hop = 2`, [id])) as DispatchRow[];
        if (rows[0]) return rows[0];
        const q = (await (await as(dispatcher)).get('/api/routing/queue')).body as { id: string; suggestions: { departmentId: string }[] }[];
        const queued = q.find((x) => x.id === id && x.suggestions.length);
        return queued ? { department_id: queued.suggestions[0].departmentId, routed_by: 'suggested' } : undefined;
      },
      { timeoutMs: 20_000, what: 'the re-route' },
    );
    expect(second.department_id).not.toBe(first.department_id);
  }, 60_000);

  it('suggests units while the agent types', async () => {
    const res = await (await as(agent)).post('/api/routing/suggest', { title: '暖气不热', content: '家里暖气片冰凉，室温只有十五度', language: 'zh', address: '五原县隆兴昌镇' });
    expect(res.status).toBe(200);
    expect(res.body.districtCode).toBe('150821');
    expect(res.body.suggestions[0]).toMatchObject({ departmentCode: 'gongre' });
    expect(res.body.suggestions[0].words.length).toBeGreaterThan(0);
    const bad = await (await as(agent)).post('/api/routing/suggest', { title: 'x', content: 'y', language: 'fr' });
    expect(bad.status).toBe(400);
  });

  it('lets an admin set a centre to suggest mode, and refuses a threshold above 1', async () => {
    const A = await as(admin);
    const centre = await createDepartment(t.owner, { kind: 'centre' });
    const ok = await t.http().put(`/api/routing/settings/${centre.id}`).set('authorization', `Bearer ${await t.token(admin)}`).send({ mode: 'suggest', threshold: 0.8 });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ centreId: centre.id, mode: 'suggest', threshold: 0.8, inherited: false });
    const bad = await t.http().put(`/api/routing/settings/${centre.id}`).set('authorization', `Bearer ${await t.token(admin)}`).send({ mode: 'suggest', threshold: 1.5 });
    expect(bad.status).toBe(400);
    expect((await A.get('/api/routing/settings')).body.some((s: { centreId: string }) => s.centreId === centre.id)).toBe(true);
  });

  it('retrains on request from the accepted dispatches, keeps the version, and routes with it', async () => {
    // One accepted dispatch more in the history: the router's order, signed by its unit.
    const id = await create(agent, { title: '自来水管爆了', content: '小区门口自来水管爆裂，水流满地，家里停水' });
    const d = await dispatchOf(id);
    const handler = await createUser(t.owner, 'department', { department: { id: d.department_id, code: '', path: '' } });
    expect((await (await as(handler)).post(`/api/work-orders/${id}/sign`)).status).toBe(200);

    const before = ((await (await as(admin)).get('/api/routing/models')).body as { version: number }[])[0]?.version ?? 0;
    const res = await (await as(admin)).post('/api/routing/models/retrain', {});
    expect(res.status).toBe(202);
    const model = await pollUntil(
      async () => ((await (await as(admin)).get('/api/routing/models')).body as { version: number; reason: string; positives: number }[]).find((m) => m.version > before && m.reason === 'manual'),
      { timeoutMs: 30_000, what: 'the retrained model' },
    );
    const accepted = (await t.owner.query(
      `SELECT count(*)::int AS n FROM dispatch_records dr WHERE dr.level = 1 AND dr.accepted_at IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM return_requests rr WHERE rr.dispatch_record_id = dr.id AND rr.status = 'approved')`,
    )) as { n: number }[];
    expect(model.positives).toBe(accepted[0].n);

    // The worker routes the next order with the new version.
    const next = await create(agent, { title: '停水', content: '整栋楼没有自来水了，水龙头不出水' });
    expect((await dispatchOf(next)).model_version).toBe(model.version);
  }, 60_000);
});
