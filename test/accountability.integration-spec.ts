// The 约谈 list: a bureau below the thresholds is a candidate with the right reasons, a clean one is not,
// a street office's late sign puts its district on the list, and a supervisor's interview shows up.
// Orders go through the HTTP API (api only, no router); the rollups are folded by their reactions.
import type { AccountabilityInterviewView, AccountabilityReport, AccountabilityRow } from '@hotline/contracts';
import { DispatchMetricsService, SatisfactionService, localDate } from '@hotline/core';
import { type TestApp, type TestDepartment, type TestUser, bootTestApp, createDepartment, createUser } from '@hotline/testing';

describe('accountability list (GET /api/accountability)', () => {
  let t: TestApp;
  let bureauX: TestDepartment;
  let bureauY: TestDepartment;
  let district: TestDepartment;
  let street: TestDepartment;
  let agent: TestUser;
  let dispatcher: TestUser;
  let supervisor: TestUser;
  let handlerX: TestUser;
  let handlerY: TestUser;
  let handlerD: TestUser;
  let handlerS: TestUser;
  const orderIds: string[] = [];
  const month = localDate(new Date(), 'Asia/Shanghai').slice(0, 7);

  const post = async (user: TestUser, path: string, body: object = {}) => {
    const res = await t.http().post(path).set('authorization', `Bearer ${await t.token(user)}`).send(body);
    if (res.status >= 300) throw new Error(`${path} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string };
  };
  const get = async (user: TestUser, path: string, query: object) => t.http().get(path).query(query).set('authorization', `Bearer ${await t.token(user)}`);
  const create = async () => {
    const o = await post(agent, '/api/work-orders', { kind: 'complaint', priority: 'normal', language: 'zh', channel: 'phone', title: '噪音扰民', content: '工地夜间施工' });
    orderIds.push(o.id);
    return o.id;
  };
  const handle = async (handler: TestUser, id: string, rating: string) => {
    await post(handler, `/api/work-orders/${id}/sign`);
    await post(handler, `/api/work-orders/${id}/reply`, { content: '已处理' });
    await post(agent, `/api/work-orders/${id}/survey`, { outcome: 'reached', rating, resolved: rating !== 'dissatisfied' });
  };
  const list = async (user: TestUser = supervisor) => {
    const res = await get(user, '/api/accountability', { month });
    expect(res.status).toBe(200);
    return res.body as AccountabilityReport;
  };
  const rowOf = (r: AccountabilityReport, unit: TestDepartment): AccountabilityRow => {
    const found = r.rows.find((x) => x.departmentId === unit.id);
    if (!found) throw new Error(`no row for ${unit.code}`);
    return found;
  };

  beforeAll(async () => {
    t = await bootTestApp();
    bureauX = await createDepartment(t.owner, { kind: 'city_bureau', name: '测试环保局X' });
    bureauY = await createDepartment(t.owner, { kind: 'city_bureau', name: '测试城管局Y' });
    district = await createDepartment(t.owner, { kind: 'district', name: '测试旗D' });
    street = await createDepartment(t.owner, { parent: district, name: '测试镇S' });
    agent = await createUser(t.owner, 'agent');
    dispatcher = await createUser(t.owner, 'dispatcher');
    supervisor = await createUser(t.owner, 'supervisor');
    handlerX = await createUser(t.owner, 'department', { department: bureauX });
    handlerY = await createUser(t.owner, 'department', { department: bureauY });
    handlerD = await createUser(t.owner, 'department', { department: district });
    handlerS = await createUser(t.owner, 'department', { department: street });

    // Bureau X: 10 orders, 2 returned with approval (to Y); of its 8, 6 very satisfied and 2 dissatisfied;
    // 6 supervisions (督办) issued on its orders.
    for (let i = 0; i < 10; i++) {
      const id = await create();
      await post(dispatcher, `/api/work-orders/${id}/dispatch`, { departmentId: bureauX.id });
      if (i < 2) {
        await post(handlerX, `/api/work-orders/${id}/return`, { reasonCode: 'function_mismatch', note: '不属于本局' });
        await post(dispatcher, `/api/work-orders/${id}/return/review`, { approved: true, departmentId: bureauY.id });
        await handle(handlerY, id, 'very_satisfied');
        continue;
      }
      if (i < 8) await post(supervisor, `/api/work-orders/${id}/supervise`, { note: '请加快办理' });
      await handle(handlerX, id, i < 8 ? 'very_satisfied' : 'dissatisfied');
    }
    // District D hands its order to street S, which signs after its deadline.
    const d = await create();
    await post(dispatcher, `/api/work-orders/${d}/dispatch`, { departmentId: district.id });
    await post(handlerD, `/api/work-orders/${d}/dispatch`, { departmentId: street.id });
    await t.owner.query(`UPDATE work_orders SET sign_due_at = now() - interval '1 hour' WHERE id = $1`, [d]);
    await handle(handlerS, d, 'satisfied');

    const events = (await t.owner.query(`SELECT id::text AS "eventId", work_order_id AS "workOrderId", type FROM work_order_events WHERE work_order_id = ANY($1::uuid[]) ORDER BY id`, [
      orderIds,
    ])) as { eventId: string; workOrderId: string; type: string }[];
    const reactions = [t.api.get(DispatchMetricsService), t.api.get(SatisfactionService)];
    for (const e of events) for (const r of reactions) await r.react(e);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('lists bureau X as a candidate for its dispatch accuracy, satisfaction and supervisions', async () => {
    const x = rowOf(await list(), bureauX);
    expect(x.dispatchAccuracy).toEqual({ numerator: 8, denominator: 10, rate: 0.8 });
    expect(x.satisfactionRate).toEqual({ numerator: 6, denominator: 8, rate: 0.75 });
    expect(x.supervisions).toBe(6);
    expect(x.onTimeSignRate).toEqual({ numerator: 8, denominator: 8, rate: 1 });
    expect(x.candidate).toBe(true);
    expect(x.reasons.map((r) => r.code)).toEqual(['dispatch_accuracy', 'satisfaction', 'supervisions']);
    expect(x.reasons[0]).toMatchObject({ actual: 0.8, threshold: 0.98 });
    expect(x.interviewed).toBe(false);
  });

  it('does not list bureau Y, whose every figure meets its threshold', async () => {
    const y = rowOf(await list(), bureauY);
    expect(y.dispatchAccuracy).toEqual({ numerator: 2, denominator: 2, rate: 1 });
    expect(y.candidate).toBe(false);
    expect(y.reasons).toEqual([]);
  });

  it("counts a street office's late sign against its district, which has no row of its own", async () => {
    const r = await list();
    const d = rowOf(r, district);
    expect(d.onTimeSignRate).toEqual({ numerator: 0, denominator: 1, rate: 0 });
    expect(d.reasons.map((x) => x.code)).toEqual(['on_time_sign']);
    expect(r.rows.some((x) => x.departmentId === street.id)).toBe(false);
    // Candidates come first.
    const firstClean = r.rows.findIndex((x) => !x.candidate);
    expect(r.rows.slice(firstClean).some((x) => x.candidate)).toBe(false);
  });

  it('shows an interview recorded by a supervisor on the list and in the month’s interviews', async () => {
    const interviewedAt = new Date(Date.now() - 3_600_000).toISOString();
    const res = await t
      .http()
      .post('/api/accountability/interviews')
      .set('authorization', `Bearer ${await t.token(supervisor)}`)
      .send({ departmentId: bureauX.id, month, interviewedAt, outcome: 'rectification_required', note: '派单退回率高，限期整改' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ departmentId: bureauX.id, month, outcome: 'rectification_required', recordedById: supervisor.id, interviewedAt });

    const x = rowOf(await list(dispatcher), bureauX);
    expect(x.interviewed).toBe(true);
    expect(x.interviews.map((i) => i.id)).toEqual([res.body.id]);
    const all = await get(supervisor, '/api/accountability/interviews', { month });
    expect(all.status).toBe(200);
    expect((all.body as AccountabilityInterviewView[]).filter((i) => i.departmentId === bureauX.id)).toHaveLength(1);
  });

  it('refuses department users (403) and lets only supervisors and admins record interviews', async () => {
    expect((await get(handlerX, '/api/accountability', { month })).status).toBe(403);
    expect((await get(handlerX, '/api/accountability/interviews', { month })).status).toBe(403);
    const body = { departmentId: bureauX.id, month, interviewedAt: new Date().toISOString(), outcome: 'warning', note: '自己给自己约谈' };
    for (const user of [handlerX, dispatcher]) {
      const res = await t.http().post('/api/accountability/interviews').set('authorization', `Bearer ${await t.token(user)}`).send(body);
      expect(res.status).toBe(403);
    }
  });

  it('answers bad input with 400 and a message saying what is wrong, writing nothing', async () => {
    const before = (await t.owner.query(`SELECT count(*)::int AS n FROM accountability_interviews`))[0].n as number;
    const ok = { departmentId: bureauY.id, month, interviewedAt: new Date(Date.now() - 60_000).toISOString(), outcome: 'warning', note: '提醒' };
    const cases: [object, string][] = [
      [{ ...ok, month: '2026-13' }, 'month must be YYYY-MM'],
      [{ ...ok, outcome: 'fire_them' }, 'outcome must be one of'],
      [{ ...ok, departmentId: street.id }, 'answers through its district'],
      [{ ...ok, departmentId: '00000000-0000-4000-8000-00000000dead' }, 'does not exist'],
      [{ ...ok, interviewedAt: new Date(Date.now() + 86_400_000).toISOString() }, 'in the future'],
      [{ ...ok, interviewedAt: 'yesterday' }, 'ISO 8601'],
      [{ ...ok, note: '   ' }, 'what was discussed'],
      [{ ...ok, extra: 1 }, 'should not exist'],
    ];
    for (const [body, message] of cases) {
      const res = await t.http().post('/api/accountability/interviews').set('authorization', `Bearer ${await t.token(supervisor)}`).send(body);
      expect({ status: res.status, body: JSON.stringify(res.body) }).toEqual({ status: 400, body: expect.stringContaining(message) });
    }
    expect((await get(supervisor, '/api/accountability', { month: '2026-00' })).status).toBe(400);
    expect((await get(supervisor, '/api/accountability', {})).status).toBe(400);
    expect((await t.owner.query(`SELECT count(*)::int AS n FROM accountability_interviews`))[0].n).toBe(before);
  });
});
