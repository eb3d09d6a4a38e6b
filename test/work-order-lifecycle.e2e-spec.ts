// One order walks the whole 12345 lifecycle through the HTTP API, with the worker running.
import { DataSource } from 'typeorm';
import { type WorkCalendar, addWorkingDays, localDate } from '@hotline/core';
import { type TestApp, type TestDepartment, type TestUser, bootTestApp, createDepartment, createUser, pollUntil } from '@hotline/testing';

describe('work-order lifecycle over HTTP', () => {
  let t: TestApp;
  let bureauA: TestDepartment;
  let bureauB: TestDepartment;
  let agent: TestUser;
  let dispatcher: TestUser;
  let handlerA: TestUser;
  let handlerB: TestUser;

  beforeAll(async () => {
    t = await bootTestApp({ worker: true });
    // The agent works at a centre that routes in suggest mode: the router proposes, the dispatcher decides.
    const centre = await createDepartment(t.owner, { kind: 'centre', name: '测试呼叫中心' });
    await t.owner.query(`INSERT INTO routing_settings (centre_id, mode, threshold) VALUES ($1, 'suggest', 0.75)`, [centre.id]);
    bureauA = await createDepartment(t.owner, { kind: 'city_bureau', name: '测试住建局' });
    bureauB = await createDepartment(t.owner, { kind: 'city_bureau', name: '测试城管局' });
    agent = await createUser(t.owner, 'agent', { department: centre });
    dispatcher = await createUser(t.owner, 'dispatcher');
    handlerA = await createUser(t.owner, 'department', { department: bureauA });
    handlerB = await createUser(t.owner, 'department', { department: bureauB });
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  async function as(user: TestUser) {
    const token = await t.token(user);
    return {
      post: (path: string, body: object = {}) => t.http().post(path).set('authorization', `Bearer ${token}`).send(body),
      get: (path: string) => t.http().get(path).set('authorization', `Bearer ${token}`),
    };
  }

  async function calendar(ds: DataSource): Promise<WorkCalendar> {
    const days = (await ds.query(`SELECT to_char(date, 'YYYY-MM-DD') AS date, kind FROM calendar_days`)) as { date: string; kind: 'holiday' | 'workday' }[];
    return { timeZone: 'Asia/Shanghai', overrides: new Map(days.map((d) => [d.date, d.kind])) };
  }

  it('takes an order from registration through return, extension, reopen and a satisfied survey', async () => {
    const A = await as(agent);
    const D = await as(dispatcher);
    const HA = await as(handlerA);
    const HB = await as(handlerB);

    const created = await A.post('/api/work-orders', {
      kind: 'complaint',
      priority: 'normal',
      language: 'zh',
      channel: 'phone',
      title: '小区楼下夜间施工噪音扰民',
      content: '胜利路小区旁工地每晚十一点后仍在施工，噪音很大，影响休息。',
      districtCode: '150802',
      citizenName: '王芳',
      citizenPhone: '13912345678',
    });
    expect(created.status).toBe(201);
    expect(created.body.code).toMatch(/^\d{8}-\d{6}$/);
    expect(created.body.citizenPhone).toBe('139****5678');
    const id = created.body.id as string;
    const path = `/api/work-orders/${id}`;

    // The worker routes it: the catalogue-free text goes to the dispatchers' queue with suggestions.
    const queued = await pollUntil(
      async () => ((await D.get('/api/routing/queue')).body as { id: string; suggestions: unknown[] }[]).find((q) => q.id === id && q.suggestions.length > 0),
      { timeoutMs: 15_000, what: 'the order in the manual dispatch queue' },
    );
    expect(queued.suggestions.length).toBeGreaterThan(0);

    const dispatched = await D.post(`${path}/dispatch`, { departmentId: bureauA.id });
    expect(dispatched.status).toBe(200);
    expect(dispatched.body).toMatchObject({ status: 'dispatched', departmentId: bureauA.id, dispatchCount: 1 });
    expect(dispatched.body.dueAt).not.toBeNull();

    expect((await HA.post(`${path}/sign`)).body.status).toBe('accepted');
    const returned = await HA.post(`${path}/return`, { reasonCode: 'function_mismatch', note: '施工噪音属城管执法职责' });
    expect(returned.body.status).toBe('return_requested');

    const redispatched = await D.post(`${path}/return/review`, { approved: true, departmentId: bureauB.id });
    expect(redispatched.body).toMatchObject({ status: 'dispatched', departmentId: bureauB.id, dispatchCount: 2 });
    // The unit that returned it no longer sees it.
    expect((await HA.get(path)).status).toBe(404);

    expect((await HB.post(`${path}/sign`)).body.status).toBe('accepted');
    const dueBefore = new Date((await HB.get(path)).body.dueAt as string);
    expect((await HB.post(`${path}/extension`, { days: 3, reason: '需协调夜间执法' })).status).toBe(200);
    const extended = await D.post(`${path}/extension/review`, { approved: true });
    expect(extended.status).toBe(200);
    expect(extended.body.dueAt).toBe(addWorkingDays(dueBefore, 3, await calendar(t.owner)).toISOString());

    expect((await HB.post(`${path}/reply`, { content: '已责令工地夜间停工。' })).body.status).toBe('replied');
    const unhappy = await A.post(`${path}/survey`, { outcome: 'reached', rating: 'dissatisfied', resolved: false, comment: '仍有噪音' });
    expect(unhappy.body.status).toBe('replied');
    const reopened = await D.post(`${path}/reopen`, { note: '市民反映仍在施工' });
    expect(reopened.body).toMatchObject({ status: 'dispatched', departmentId: bureauB.id, reopenCount: 1 });

    expect((await HB.post(`${path}/sign`)).body.status).toBe('accepted');
    expect((await HB.post(`${path}/reply`, { content: '已联合执法，工地停工整改。' })).body.status).toBe('replied');
    const happy = await A.post(`${path}/survey`, { outcome: 'reached', rating: 'satisfied', resolved: true });
    expect(happy.body).toMatchObject({ status: 'closed', closeReason: 'satisfied' });

    const events = await D.get(`${path}/events`);
    expect(events.status).toBe(200);
    const steps = (events.body as { type: string; actorId: string; actorRole: string }[]).map((e) => [e.type, e.actorRole]);
    expect(steps).toEqual([
      ['registered', 'agent'],
      ['routing_suggested', 'system'],
      ['dispatched', 'dispatcher'],
      ['signed', 'department'],
      ['return_requested', 'department'],
      ['return_approved', 'dispatcher'],
      ['signed', 'department'],
      ['extension_requested', 'department'],
      ['extension_approved', 'dispatcher'],
      ['replied', 'department'],
      ['surveyed', 'agent'],
      ['reopened', 'dispatcher'],
      ['signed', 'department'],
      ['replied', 'department'],
      ['surveyed', 'agent'],
    ]);
    for (const e of events.body as { actorId: string }[]) expect(e.actorId).toBeTruthy();

    const detail = await D.get(path);
    expect(detail.body.dispatches.map((d: { departmentId: string; outcome: string }) => [d.departmentId, d.outcome])).toEqual([
      [bureauA.id, 'returned'],
      [bureauB.id, 'replied'],
    ]);

    // The worker folds both surveys into the rollup: one satisfied of two rated for bureau B.
    const supervisor = await createUser(t.owner, 'supervisor');
    const S = await as(supervisor);
    const today = localDate(new Date(), 'Asia/Shanghai');
    const row = await pollUntil(
      async () => {
        const r = await S.get(`/api/metrics/satisfaction?from=${today}&to=${today}&groupBy=department`);
        const mine = (r.body.rows as { key: string; satisfaction: { denominator: number } }[]).find((x) => x.key === bureauB.id);
        return mine && mine.satisfaction.denominator === 2 ? mine : undefined;
      },
      { timeoutMs: 15_000, what: 'the satisfaction rollup' },
    );
    expect(row).toMatchObject({ satisfaction: { numerator: 1, denominator: 2, rate: 0.5 }, strict: { numerator: 1, denominator: 2 } });
  }, 60_000);

  it('answers a direct answer by closing the order at once', async () => {
    const A = await as(agent);
    const res = await A.post('/api/work-orders', {
      kind: 'consultation',
      priority: 'normal',
      language: 'zh',
      channel: 'phone',
      title: '社保卡补办地点',
      content: '请问社保卡丢了去哪里补办？',
      answer: '可到市民中心人社窗口或通过手机App补办。',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'closed', closeReason: 'answered_directly' });
  });

  it('sends JSON as UTF-8 with the exact byte length, for Chinese, Mongolian and characters outside the BMP', async () => {
    const A = await as(agent);
    const title = `供暖不热 Халаалт муу ᠬᠠᠯᠠᠭᠤᠨ 𠀋 ${Date.now()}`;
    const res = await A.post('/api/work-orders', { kind: 'complaint', priority: 'normal', language: 'zh', channel: 'phone', title, content: '暖气片冰凉。' });
    expect(res.status).toBe(201);
    // By its code: other suites create orders in the same database at the same time.
    const list = await A.get(`/api/work-orders?q=${encodeURIComponent(res.body.code as string)}`);
    expect(list.status).toBe(200);
    expect(list.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(Number(list.headers['content-length'])).toBe(Buffer.byteLength(list.text, 'utf8'));
    expect((list.body as { items: { id: string; title: string }[] }).items.map((i) => [i.id, i.title])).toEqual([[res.body.id, title]]);
    const detail = await A.get(`/api/work-orders/${res.body.id}`);
    expect(Number(detail.headers['content-length'])).toBe(Buffer.byteLength(detail.text, 'utf8'));
    expect(detail.body.title).toBe(title);
  });

  it('refuses an illegal transition with 409 and changes nothing', async () => {
    const A = await as(agent);
    const D = await as(dispatcher);
    const res = await A.post('/api/work-orders', { kind: 'help', priority: 'urgent', language: 'zh', channel: 'phone', title: '停水', content: '家里停水两天了' });
    const before = await D.get(`/api/work-orders/${res.body.id}`);
    const bad = await D.post(`/api/work-orders/${res.body.id}/reopen`, {});
    expect(bad.status).toBe(409);
    expect(bad.body.message).toMatch(/cannot reopen/);
    const after = await D.get(`/api/work-orders/${res.body.id}`);
    expect(after.body.version).toBe(before.body.version);
    // Only the registration (the router may have added its suggestion beside it).
    const events = (await D.get(`/api/work-orders/${res.body.id}/events`)).body as { actorRole: string }[];
    expect(events.filter((e) => e.actorRole !== 'system')).toHaveLength(1);
  });
});
