// The rules around the main path: return window and dispatch limit, the centre's other actions,
// confidential callers, list filters with keyset paging and Chinese search, and user administration.
import { type TestApp, type TestDepartment, type TestUser, bootTestApp, createDepartment, createUser } from '@hotline/testing';

describe('lifecycle rules', () => {
  let t: TestApp;
  let units: TestDepartment[];
  let agent: TestUser;
  let dispatcher: TestUser;
  let supervisor: TestUser;
  let handlers: TestUser[];

  beforeAll(async () => {
    t = await bootTestApp();
    units = [];
    for (let i = 0; i < 4; i++) units.push(await createDepartment(t.owner, { kind: 'city_bureau', name: `规则测试局${i}` }));
    agent = await createUser(t.owner, 'agent');
    dispatcher = await createUser(t.owner, 'dispatcher');
    supervisor = await createUser(t.owner, 'supervisor');
    handlers = [];
    for (const u of units) handlers.push(await createUser(t.owner, 'department', { department: u }));
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  const call = async (user: TestUser, method: 'get' | 'post', path: string, body?: object) => {
    const req = t.http()[method](path).set('authorization', `Bearer ${await t.token(user)}`);
    return body ? req.send(body) : req;
  };
  const create = async (extra: object = {}) =>
    (
      await call(agent, 'post', '/api/work-orders', {
        kind: 'complaint',
        priority: 'normal',
        language: 'zh',
        channel: 'phone',
        title: '供暖温度不达标',
        content: '家里暖气不热，室温只有十二度',
        citizenName: '赵六',
        citizenPhone: '13600002222',
        ...extra,
      })
    ).body as { id: string; code: string };

  it('refuses a return after the return window has passed', async () => {
    const o = await create();
    await call(dispatcher, 'post', `/api/work-orders/${o.id}/dispatch`, { departmentId: units[0].id });
    // Arrange: the dispatch happened three weeks ago.
    await t.owner.query(`UPDATE dispatch_records SET dispatched_at = now() - interval '21 days' WHERE work_order_id = $1`, [o.id]);
    const res = await call(handlers[0], 'post', `/api/work-orders/${o.id}/return`, { reasonCode: 'territory_mismatch', note: '不属本单位' });
    expect(res.status).toBe(422);
    expect(res.body.message).toMatch(/return window/);
  });

  it('accepts no return after the third dispatch: the centre has designated the unit', async () => {
    const o = await create();
    await call(dispatcher, 'post', `/api/work-orders/${o.id}/dispatch`, { departmentId: units[0].id });
    for (let i = 0; i < 2; i++) {
      expect((await call(handlers[i], 'post', `/api/work-orders/${o.id}/return`, { reasonCode: 'function_mismatch', note: '职能不符' })).status).toBe(200);
      expect((await call(dispatcher, 'post', `/api/work-orders/${o.id}/return/review`, { approved: true, departmentId: units[i + 1].id })).body.dispatchCount).toBe(i + 2);
    }
    const third = await call(handlers[2], 'post', `/api/work-orders/${o.id}/return`, { reasonCode: 'function_mismatch', note: '职能不符' });
    expect(third.status).toBe(422);
    expect(third.body.message).toMatch(/designated/);
  });

  it('sends a denied return back to the unit in the status it had', async () => {
    const o = await create();
    await call(dispatcher, 'post', `/api/work-orders/${o.id}/dispatch`, { departmentId: units[3].id });
    await call(handlers[3], 'post', `/api/work-orders/${o.id}/sign`);
    await call(handlers[3], 'post', `/api/work-orders/${o.id}/return`, { reasonCode: 'other', note: '请核实' });
    const denied = await call(dispatcher, 'post', `/api/work-orders/${o.id}/return/review`, { approved: false, note: '属本单位职责' });
    expect(denied.body).toMatchObject({ status: 'accepted', departmentId: units[3].id, dispatchCount: 1 });
  });

  it('rejects, transfers to 110, merges and supervises with their events', async () => {
    const rejected = await create();
    expect((await call(dispatcher, 'post', `/api/work-orders/${rejected.id}/reject`, { reason: '非政务服务事项' })).body).toMatchObject({ status: 'rejected', rejectReason: '非政务服务事项' });
    const transferred = await create({ title: '有人打架', content: '小区门口有人打架' });
    expect((await call(agent, 'post', `/api/work-orders/${transferred.id}/transfer`, { note: '治安事件' })).body.status).toBe('transferred');
    const parent = await create();
    const dup = await create();
    expect((await call(agent, 'post', `/api/work-orders/${dup.id}/merge`, { intoId: parent.id })).body).toMatchObject({ status: 'merged', mergedIntoId: parent.id });
    const parentEvents = (await call(dispatcher, 'get', `/api/work-orders/${parent.id}/events`)).body as { type: string }[];
    expect(parentEvents.map((e) => e.type)).toContain('merge_received');
    await call(dispatcher, 'post', `/api/work-orders/${parent.id}/dispatch`, { departmentId: units[0].id });
    expect((await call(supervisor, 'post', `/api/work-orders/${parent.id}/supervise`, { note: '请加快办理' })).status).toBe(200);
    const detail = (await call(supervisor, 'get', `/api/work-orders/${parent.id}`)).body;
    expect(detail.supervisions).toEqual([expect.objectContaining({ kind: 'supervision', source: 'manual', note: '请加快办理', departmentId: units[0].id })]);
  });

  it('refuses merging an order into itself', async () => {
    const o = await create();
    expect((await call(agent, 'post', `/api/work-orders/${o.id}/merge`, { intoId: o.id })).status).toBe(400);
  });

  it('hides the caller of a confidential order from the handling unit', async () => {
    const o = await create({ confidential: true, kind: 'report', title: '举报违规排污', content: '某厂夜间偷排污水' });
    await call(dispatcher, 'post', `/api/work-orders/${o.id}/dispatch`, { departmentId: units[1].id });
    const seen = (await call(handlers[1], 'get', `/api/work-orders/${o.id}`)).body;
    expect(seen).toMatchObject({ citizenName: null, citizenPhone: null, confidential: true });
    expect((await call(handlers[1], 'get', `/api/work-orders/${o.id}/contact`)).status).toBe(403);
    expect((await call(dispatcher, 'get', `/api/work-orders/${o.id}`)).body.citizenPhone).toBe('136****2222');
  });

  it('pages through a filtered list with keyset cursors, newest first, without repeats', async () => {
    const mine: string[] = [];
    for (let i = 0; i < 7; i++) mine.push((await create({ kind: 'suggestion', title: `建议增设公交线路${i}`, content: '希望开通到工业园区的公交' })).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `/api/work-orders?kind=suggestion&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await call(dispatcher, 'get', q)).body as { items: { id: string; kind: string; createdAt: string }[]; nextCursor: string | null };
      for (const it of page.items) expect(it.kind).toBe('suggestion');
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.slice(0, 7)).toEqual([...mine].reverse());
  });

  it('pages exactly through orders created within the same millisecond (the cursor keeps microseconds)', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await create({ kind: 'help', title: `同一毫秒求助${i}`, content: '测试分页游标的精度' })).id);
    // Arrange: the five orders 1 µs apart, all inside one millisecond.
    await t.owner.query(
      `UPDATE work_orders w SET created_at = timestamptz '2026-12-01 08:00:00.123100+00' + (s.n * interval '1 microsecond')
       FROM unnest($1::uuid[]) WITH ORDINALITY AS s(id, n) WHERE w.id = s.id`,
      [ids],
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `/api/work-orders?kind=help&from=2026-12-01&to=2026-12-01&limit=1${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await call(dispatcher, 'get', q);
      expect(res.status).toBe(200);
      seen.push(...(res.body.items as { id: string }[]).map((i) => i.id));
      cursor = res.body.nextCursor as string | null;
    } while (cursor && seen.length < 20);
    expect(seen).toEqual([...ids].reverse());
  });

  it('lists rows with a content preview and the order’s times, the whole order on its detail', async () => {
    const long = '小区东门外的路灯已经坏了两个多星期，晚上一片漆黑，老人和孩子出门很不安全，多次向物业反映没有结果，希望有关部门尽快派人维修。';
    const o = await create({ kind: 'help', title: '路灯不亮', content: long });
    const page = (await call(dispatcher, 'get', `/api/work-orders?q=${o.code}`)).body as { items: Record<string, unknown>[] };
    const detail = (await call(dispatcher, 'get', `/api/work-orders/${o.id}`)).body as Record<string, unknown>;
    expect(page.items).toHaveLength(1);
    const row = page.items[0];
    expect(row.contentPreview).toBe(Array.from(long).slice(0, 60).join(''));
    expect(row).not.toHaveProperty('content');
    for (const k of ['id', 'code', 'status', 'title', 'citizenName', 'citizenPhone', 'createdAt', 'updatedAt', 'dueAt', 'signDueAt', 'light', 'version']) {
      expect(row[k]).toEqual(detail[k]);
    }
    expect(row.citizenPhone).toBe('136****2222');
    expect(detail.content).toBe(long);
  });

  it('answers 400 to a cursor it did not issue', async () => {
    const bad = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const id = '00000000-0000-4000-8000-000000000000';
    for (const cursor of ['nope', bad(['2026-02-31 00:00:00+00', id]), bad(['2026-12-01 25:00:00+00', id]), bad(['2026-12-01T00:00:00+08', id]), bad(['2026-12-01 00:00:00+00', 'x']), bad([1, id])]) {
      const res = await call(dispatcher, 'get', `/api/work-orders?cursor=${encodeURIComponent(cursor)}`);
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/cursor/);
    }
    const old = bad(['2026-12-01T00:00:00.123Z', id]);
    expect((await call(dispatcher, 'get', `/api/work-orders?cursor=${old}`)).status).toBe(200);
  });

  it('finds orders by Chinese words and by code', async () => {
    const o = await create({ title: '燃气管道漏气', content: '楼道里闻到很浓的煤气味' });
    const byWord = (await call(dispatcher, 'get', `/api/work-orders?q=${encodeURIComponent('漏气')}`)).body.items as { id: string }[];
    expect(byWord.map((i) => i.id)).toContain(o.id);
    const byCode = (await call(dispatcher, 'get', `/api/work-orders?q=${o.code}`)).body.items as { id: string }[];
    expect(byCode.map((i) => i.id)).toEqual([o.id]);
    const miss = (await call(dispatcher, 'get', `/api/work-orders?q=${encodeURIComponent('火箭发射')}`)).body.items as { id: string }[];
    expect(miss.map((i) => i.id)).not.toContain(o.id);
  });

  it('lists overdue orders with a red light', async () => {
    const o = await create();
    await call(dispatcher, 'post', `/api/work-orders/${o.id}/dispatch`, { departmentId: units[2].id });
    await t.owner.query(`UPDATE work_orders SET clock_start_at = now() - interval '20 days', due_at = now() - interval '1 day' WHERE id = $1`, [o.id]);
    const overdue = (await call(dispatcher, 'get', '/api/work-orders?overdue=true&limit=200')).body.items as { id: string; light: string }[];
    expect(overdue.find((i) => i.id === o.id)?.light).toBe('red');
    const notOverdue = (await call(dispatcher, 'get', '/api/work-orders?overdue=false&limit=200')).body.items as { id: string }[];
    expect(notOverdue.map((i) => i.id)).not.toContain(o.id);
  });

  it('filters by a date range of local (Asia/Shanghai) days', async () => {
    const o = await create();
    const empty = (await call(dispatcher, 'get', '/api/work-orders?from=2020-01-01&to=2020-01-31')).body.items as { id: string }[];
    expect(empty).toEqual([]);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const hit = (await call(dispatcher, 'get', `/api/work-orders?from=${today}&to=${today}&limit=200`)).body.items as { id: string }[];
    expect(hit.map((i) => i.id)).toContain(o.id);
  });

  describe('user administration', () => {
    it('lets an admin create a department user who can then log in', async () => {
      const res = await call(await createUser(t.owner, 'admin'), 'post', '/api/users', {
        username: 'new_handler_1',
        displayName: '新承办人',
        password: 'a-long-password-1',
        role: 'department',
        departmentId: units[0].id,
        languageSkills: ['zh'],
      });
      expect(res.status).toBe(201);
      expect(res.body).not.toHaveProperty('passwordHash');
      const login = await t.http().post('/api/auth/login').send({ username: 'new_handler_1', password: 'a-long-password-1' });
      expect(login.status).toBe(200);
      expect(login.body.user.departmentId).toBe(units[0].id);
    });

    it('refuses a taken username with 409 and a department user without a unit with 400', async () => {
      const admin = await createUser(t.owner, 'admin');
      const base = { displayName: 'x', password: 'a-long-password-1', role: 'agent' };
      expect((await call(admin, 'post', '/api/users', { ...base, username: 'dup_user_1' })).status).toBe(201);
      expect((await call(admin, 'post', '/api/users', { ...base, username: 'dup_user_1' })).status).toBe(409);
      expect((await call(admin, 'post', '/api/users', { ...base, username: 'nounit_1', role: 'department' })).status).toBe(400);
    });

    it('refuses user creation to anyone but an admin', async () => {
      expect((await call(supervisor, 'post', '/api/users', { username: 'sneaky_1', displayName: 'x', password: 'a-long-password-1', role: 'admin' })).status).toBe(403);
    });

    it('refuses a wrong password with 401 and an unauthenticated call with 401', async () => {
      expect((await t.http().post('/api/auth/login').send({ username: agent.username, password: 'wrong-password' })).status).toBe(401);
      expect((await t.http().get('/api/work-orders')).status).toBe(401);
    });

    it('issues a new access token from the refresh token', async () => {
      const login = await t.http().post('/api/auth/login').send({ username: 'paidan', password: t.cfg.SEED_PASSWORD });
      const refreshed = await t.http().post('/api/auth/refresh').send({ refreshToken: login.body.refreshToken });
      expect(refreshed.status).toBe(200);
      expect((await t.http().get('/api/departments').set('authorization', `Bearer ${refreshed.body.accessToken}`)).status).toBe(200);
      expect((await t.http().post('/api/auth/refresh').send({ refreshToken: login.body.accessToken })).status).toBe(401);
    });
  });
});
