// 派单准确率 and its companions, hand-counted: orders are driven through the HTTP API (api only, so
// no router dispatches by itself), their events folded by the rollup reaction, and the report read back.
import type { DispatchMetricsReport, DispatchMetricsRow } from '@hotline/contracts';
import { DispatchMetricsService, localDate } from '@hotline/core';
import type { INestApplicationContext } from '@nestjs/common';
import { type TestApp, type TestDepartment, type TestUser, bootTestApp, bootTestWorker, createDepartment, createUser, pollUntil } from '@hotline/testing';

describe('dispatch metrics (GET /api/metrics/dispatch)', () => {
  let t: TestApp;
  let worker: INestApplicationContext | undefined;
  let svc: DispatchMetricsService;
  let bureauA: TestDepartment;
  let bureauB: TestDepartment;
  let district: TestDepartment;
  let street: TestDepartment;
  let agent: TestUser;
  let dispatcher: TestUser;
  let supervisor: TestUser;
  let handlerA: TestUser;
  let handlerB: TestUser;
  let handlerD: TestUser;
  let handlerS: TestUser;
  const orderIds: string[] = [];
  const today = () => localDate(new Date(), 'Asia/Shanghai');

  const post = async (user: TestUser, path: string, body: object = {}) => {
    const res = await t.http().post(path).set('authorization', `Bearer ${await t.token(user)}`).send(body);
    if (res.status >= 300) throw new Error(`${path} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string };
  };
  const create = async () => {
    const o = await post(agent, '/api/work-orders', { kind: 'complaint', priority: 'normal', language: 'zh', channel: 'phone', title: '路灯不亮', content: '小区门口路灯坏了一周' });
    orderIds.push(o.id);
    return o.id;
  };
  const dispatchTo = (id: string, unit: TestDepartment) => post(dispatcher, `/api/work-orders/${id}/dispatch`, { departmentId: unit.id });
  const returnIt = (handler: TestUser, id: string) => post(handler, `/api/work-orders/${id}/return`, { reasonCode: 'function_mismatch', note: '不属于本单位职能' });
  /** Moves an order's deadline into the past, as if the unit had let it run out. */
  const overdue = (id: string, col: 'due_at' | 'sign_due_at') => t.owner.query(`UPDATE work_orders SET ${col} = now() - interval '1 hour' WHERE id = $1`, [id]);
  const rollupOf = (unit: TestDepartment) => t.owner.query(`SELECT * FROM dispatch_daily WHERE department_id = $1 ORDER BY day`, [unit.id]);
  const myEvents = async () =>
    (await t.owner.query(`SELECT id::text AS "eventId", work_order_id AS "workOrderId", type FROM work_order_events WHERE work_order_id = ANY($1::uuid[]) ORDER BY id`, [orderIds])) as {
      eventId: string;
      workOrderId: string;
      type: string;
    }[];
  const report = async (user: TestUser, groupBy: 'day' | 'department') => {
    const res = await t.http().get('/api/metrics/dispatch').query({ from: today(), to: today(), groupBy }).set('authorization', `Bearer ${await t.token(user)}`);
    expect(res.status).toBe(200);
    return res.body as DispatchMetricsReport;
  };
  const row = (r: DispatchMetricsReport, unit: TestDepartment): DispatchMetricsRow => {
    const found = r.rows.find((x) => x.key === unit.id);
    if (!found) throw new Error(`no row for ${unit.code}`);
    return found;
  };

  beforeAll(async () => {
    t = await bootTestApp();
    svc = t.api.get(DispatchMetricsService);
    bureauA = await createDepartment(t.owner, { kind: 'city_bureau', name: '测试住建局A' });
    bureauB = await createDepartment(t.owner, { kind: 'city_bureau', name: '测试城管局B' });
    district = await createDepartment(t.owner, { kind: 'district', name: '测试区D' });
    street = await createDepartment(t.owner, { parent: district, name: '测试街道S' });
    agent = await createUser(t.owner, 'agent');
    dispatcher = await createUser(t.owner, 'dispatcher');
    supervisor = await createUser(t.owner, 'supervisor');
    handlerA = await createUser(t.owner, 'department', { department: bureauA });
    handlerB = await createUser(t.owner, 'department', { department: bureauB });
    handlerD = await createUser(t.owner, 'department', { department: district });
    handlerS = await createUser(t.owner, 'department', { department: street });

    // Ten orders to bureau A.
    const a = [];
    for (let i = 0; i < 10; i++) {
      const id = await create();
      await dispatchTo(id, bureauA);
      a.push(id);
    }
    // #1, #2: A returns them, the dispatcher approves and re-dispatches to B, which handles them.
    for (const id of a.slice(0, 2)) {
      await returnIt(handlerA, id);
      await post(dispatcher, `/api/work-orders/${id}/return/review`, { approved: true, departmentId: bureauB.id, note: '改派城管' });
      await post(handlerB, `/api/work-orders/${id}/sign`);
      await post(handlerB, `/api/work-orders/${id}/reply`, { content: '已处理' });
    }
    // #3: A's return is denied: it stays with A and does not count against the dispatch.
    await returnIt(handlerA, a[2]);
    await post(dispatcher, `/api/work-orders/${a[2]}/return/review`, { approved: false, note: '属于住建职能' });
    // #3–#9 signed and replied; #8 signed late, #9 replied late; #10 signed, never replied, now overdue.
    for (const [i, id] of a.slice(2).entries()) {
      const n = i + 3;
      if (n === 8) await overdue(id, 'sign_due_at');
      await post(handlerA, `/api/work-orders/${id}/sign`);
      if (n === 9) await overdue(id, 'due_at');
      if (n === 10) await overdue(id, 'due_at');
      else await post(handlerA, `/api/work-orders/${id}/reply`, { content: '已修复' });
    }
    // One order to district D, handed down to its street office S (二级派单): one order, two hops.
    const d = await create();
    await dispatchTo(d, district);
    await post(handlerD, `/api/work-orders/${d}/dispatch`, { departmentId: street.id });
    await post(handlerS, `/api/work-orders/${d}/sign`);
    await post(handlerS, `/api/work-orders/${d}/reply`, { content: '街道已处理' });

    // Fold in reverse order: the rollup must not depend on the order events arrive in.
    for (const e of (await myEvents()).reverse()) await svc.react(e);
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  it('gives bureau A dispatch accuracy 8/10: two approved returns count, the denied one does not', async () => {
    const r = row(await report(supervisor, 'department'), bureauA);
    expect(r.dispatchAccuracy).toEqual({ numerator: 8, denominator: 10, rate: 0.8 });
    expect(r.counts).toMatchObject({ dispatches: 10, approvedReturns: 2 });
  });

  it('gives first-dispatch accuracy 8/10 and 12 hops over 10 orders to the first unit', async () => {
    const r = row(await report(dispatcher, 'department'), bureauA);
    expect(r.firstDispatchAccuracy).toEqual({ numerator: 8, denominator: 10, rate: 0.8 });
    expect(r.averageHops).toEqual({ numerator: 12, denominator: 10, rate: 1.2 });
  });

  it('counts the late sign and the late and overdue completions against A', async () => {
    const r = row(await report(supervisor, 'department'), bureauA);
    expect(r.onTimeSignRate).toEqual({ numerator: 7, denominator: 8, rate: 0.875 });
    // 7 replies (6 on time) + 1 order still open past its deadline.
    expect(r.onTimeCompletionRate).toEqual({ numerator: 6, denominator: 8, rate: 0.75 });
    expect(r.counts.openOverdue).toBe(1);
  });

  it('credits the re-dispatches to bureau B as accurate dispatches, its orders to A', async () => {
    const r = row(await report(supervisor, 'department'), bureauB);
    expect(r.dispatchAccuracy).toEqual({ numerator: 2, denominator: 2, rate: 1 });
    expect(r.firstDispatchAccuracy).toEqual({ numerator: 0, denominator: 0, rate: null });
    expect(r.onTimeSignRate).toEqual({ numerator: 2, denominator: 2, rate: 1 });
    expect(r.onTimeCompletionRate).toEqual({ numerator: 2, denominator: 2, rate: 1 });
  });

  it('counts a street hand-down as a hop of the district order, not as a centre dispatch', async () => {
    const rep = await report(supervisor, 'department');
    const d = row(rep, district);
    expect(d.dispatchAccuracy).toEqual({ numerator: 1, denominator: 1, rate: 1 });
    expect(d.averageHops).toEqual({ numerator: 2, denominator: 1, rate: 2 });
    const s = row(rep, street);
    expect(s.counts).toMatchObject({ dispatches: 0, signs: 1, signsOnTime: 1, completions: 1, completionsOnTime: 1 });
  });

  it('makes the total the sum of the rows', async () => {
    for (const groupBy of ['day', 'department'] as const) {
      const rep = await report(supervisor, groupBy);
      const sum = rep.rows.reduce((s, r) => s + r.counts.dispatches, 0);
      expect(rep.total.counts.dispatches).toBe(sum);
      expect(rep.total.dispatchAccuracy.numerator).toBe(rep.rows.reduce((s, r) => s + r.dispatchAccuracy.numerator, 0));
    }
    const byDay = await report(supervisor, 'day');
    expect(byDay.rows.map((r) => r.key)).toEqual([today()]);
  });

  it('changes nothing when every event is applied again', async () => {
    const before = [await rollupOf(bureauA), await rollupOf(bureauB), await rollupOf(district), await rollupOf(street)];
    for (const e of await myEvents()) expect(await svc.react(e)).toBe(false);
    expect([await rollupOf(bureauA), await rollupOf(bureauB), await rollupOf(district), await rollupOf(street)]).toEqual(before);
  });

  it('folds an event whose job was lost when the sweep runs, and only once', async () => {
    const id = await create();
    await dispatchTo(id, bureauB);
    expect(await svc.reconcile({ settleSeconds: 0 })).toBeGreaterThanOrEqual(1);
    expect(row(await report(supervisor, 'department'), bureauB).counts.dispatches).toBe(3);
    await svc.reconcile({ settleSeconds: 0 });
    for (const e of await myEvents()) await svc.react(e);
    expect(row(await report(supervisor, 'department'), bureauB).counts.dispatches).toBe(3);
  });

  it('refuses department users (403) and a range that ends before it starts (400)', async () => {
    const denied = await t.http().get('/api/metrics/dispatch').query({ from: today(), to: today() }).set('authorization', `Bearer ${await t.token(handlerA)}`);
    expect(denied.status).toBe(403);
    const bad = await t.http().get('/api/metrics/dispatch').query({ from: '2026-11-10', to: '2026-11-01' }).set('authorization', `Bearer ${await t.token(supervisor)}`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('to must not be before from');
    const garbage = await t.http().get('/api/metrics/dispatch').query({ from: '2026-11-01', to: '2026-11-02', groupBy: 'week' }).set('authorization', `Bearer ${await t.token(supervisor)}`);
    expect(garbage.status).toBe(400);
  });

  it('charges a return approved for re-routing to the unit that returned it, and counts the later dispatch as a hop', async () => {
    const bureauE = await createDepartment(t.owner, { kind: 'city_bureau', name: '测试水务局E' });
    const bureauF = await createDepartment(t.owner, { kind: 'utility', name: '测试供水F' });
    const handlerE = await createUser(t.owner, 'department', { department: bureauE });
    const id = await create();
    await dispatchTo(id, bureauE);
    await returnIt(handlerE, id);
    // No unit named: the order goes back to routing (registered); here a dispatcher routes it by hand.
    await post(dispatcher, `/api/work-orders/${id}/return/review`, { approved: true });
    await dispatchTo(id, bureauF);
    for (const e of await myEvents()) await svc.react(e);
    const rep = await report(supervisor, 'department');
    const e = row(rep, bureauE);
    expect(e.dispatchAccuracy).toEqual({ numerator: 0, denominator: 1, rate: 0 });
    expect(e.firstDispatchAccuracy).toEqual({ numerator: 0, denominator: 1, rate: 0 });
    expect(e.averageHops).toEqual({ numerator: 2, denominator: 1, rate: 2 });
    expect(row(rep, bureauF).dispatchAccuracy).toEqual({ numerator: 1, denominator: 1, rate: 1 });
  });

  it('is folded by the worker: a committed dispatch reaches the report through the outbox and the events queue', async () => {
    const bureauC = await createDepartment(t.owner, { kind: 'utility', name: '测试供热C' });
    const handlerC = await createUser(t.owner, 'department', { department: bureauC });
    // Dispatched before the worker starts, so its router has nothing to route.
    const id = await create();
    await dispatchTo(id, bureauC);
    await post(handlerC, `/api/work-orders/${id}/sign`);
    worker = await bootTestWorker(t.cfg);
    const r = await pollUntil(
      async () => {
        const rep = await report(supervisor, 'department');
        const c = rep.rows.find((x) => x.key === bureauC.id);
        // Events are folded concurrently: wait for both, whichever lands first.
        return c && c.counts.signs === 1 && c.counts.dispatches === 1 ? c : undefined;
      },
      { timeoutMs: 20_000, what: 'the worker to fold the dispatch and the sign' },
    );
    expect(r.dispatchAccuracy).toEqual({ numerator: 1, denominator: 1, rate: 1 });
    expect(r.onTimeSignRate).toEqual({ numerator: 1, denominator: 1, rate: 1 });
  }, 60_000);
});
