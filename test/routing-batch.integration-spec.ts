// The router routes the jobs that arrive together as one batch, in one transaction: every order gets
// the outcome it would get alone, duplicates and already-processed jobs do nothing, and a batch that
// fails writes nothing. On a database of its own and without a worker, so no other test's worker
// routes these orders first.
import { randomUUID } from 'node:crypto';
import type { Job, Queue } from 'bullmq';
import { CalendarService, RoutingService } from '@hotline/core';
import { RoutingProcessor } from '../apps/worker/src/processors/routing.processor';
import { type IsolatedDatabase, type TestApp, type TestUser, bootTestApp, createDepartment, createIsolatedDatabase, createUser } from '@hotline/testing';

describe('routing a batch of orders', () => {
  let db: IsolatedDatabase | undefined;
  let t: TestApp;
  let routing: RoutingService;
  let agent: TestUser;
  let dispatcher: TestUser;

  beforeAll(async () => {
    db = await createIsolatedDatabase('routebatch');
    t = await bootTestApp({ env: db.env });
    routing = t.api.get(RoutingService);
    const centre = await createDepartment(t.owner, { kind: 'centre', name: '测试批量派单中心' });
    await t.owner.query(`INSERT INTO routing_settings (centre_id, mode, threshold) VALUES ($1, 'auto', 0.6)`, [centre.id]);
    agent = await createUser(t.owner, 'agent', { department: centre });
    dispatcher = await createUser(t.owner, 'dispatcher');
    // A catalogue leaf misconfigured to a street office (the centre does not dispatch to streets).
    await t.owner.query(
      `INSERT INTO matters (code, name, keywords, department_id, is_leaf) SELECT 'test.misfiled', '测试错配事项', '{}', id, true FROM departments WHERE code = 'linhe_chezhan'`,
    );
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  async function create(body: Record<string, unknown>): Promise<string> {
    const token = await t.token(agent);
    const res = await t
      .http()
      .post('/api/work-orders')
      .set('authorization', `Bearer ${token}`)
      .send({ kind: 'complaint', priority: 'normal', language: 'zh', channel: 'phone', ...body });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  async function unitId(code: string): Promise<string> {
    return ((await t.owner.query(`SELECT id FROM departments WHERE code = $1`, [code])) as { id: string }[])[0].id;
  }

  const count = async (sql: string, params: unknown[]): Promise<number> => Number(((await t.owner.query(sql, params)) as { n: string }[])[0].n);

  it('gives each order of a mixed batch its own outcome and writes each once', async () => {
    const catalogue = await create({ title: '工地夜间施工', content: '晚上十二点还在打桩', matterCode: 'cg.noise.construction' });
    const vague = await create({ title: '反映问题', content: '我想反映一个情况，希望有关部门处理一下' });
    const water = await create({ title: '家里自来水停水了', content: '从早上开始小区停水，自来水管没有水，也没有停水通知', address: '临河区胜利路' });
    const byHand = await create({ title: '路灯不亮', content: '小区门口路灯坏了' });
    const claimedBefore = await create({ title: '燃气泄漏', content: '楼道里有煤气味', matterCode: 'gy.gas' });
    // A dispatcher got to one first; another's job was processed before (a redelivery).
    const token = await t.token(dispatcher);
    const dispatched = await t
      .http()
      .post(`/api/work-orders/${byHand}/dispatch`)
      .set('authorization', `Bearer ${token}`)
      .send({ departmentId: await unitId('cgj') });
    expect(dispatched.status).toBe(200);
    await t.owner.query(`INSERT INTO processed_jobs (consumer, job_key) VALUES ('router', 'k-claimed')`);
    const versionBefore = ((await t.owner.query(`SELECT version FROM work_orders WHERE id = $1`, [catalogue])) as { version: number }[])[0].version;

    const jobs = [
      { workOrderId: catalogue, jobKey: 'k-catalogue' },
      { workOrderId: vague, jobKey: 'k-vague' },
      { workOrderId: catalogue, jobKey: 'k-catalogue-again' },
      { workOrderId: water, jobKey: 'k-water' },
      { workOrderId: byHand, jobKey: 'k-by-hand' },
      { workOrderId: claimedBefore, jobKey: 'k-claimed' },
      { workOrderId: randomUUID(), jobKey: 'k-missing' },
    ];
    const outcomes = await routing.routeMany(jobs);
    expect(outcomes).toEqual([
      { outcome: 'dispatched', departmentId: await unitId('cgj'), routedBy: 'catalogue', score: 1 },
      { outcome: 'manual', reason: expect.stringMatching(/under the threshold|no suggestion/) },
      { outcome: 'skipped', reason: 'already routed' },
      { outcome: 'dispatched', departmentId: await unitId('gongshui'), routedBy: 'router', score: expect.any(Number) },
      { outcome: 'skipped', reason: 'order is dispatched' },
      { outcome: 'skipped', reason: 'routing job k-claimed was already processed' },
      { outcome: 'skipped', reason: 'no such order' },
    ]);

    // The dispatched orders: one hop each, the order moved under its version, its event and the
    // event's outbox rows naming that event, and its sign-for timer planned in the same commit.
    for (const [id, unit, routedBy] of [
      [catalogue, 'cgj', 'catalogue'],
      [water, 'gongshui', 'router'],
    ] as const) {
      const order = (
        (await t.owner.query(`SELECT status, department_id, hop_count, version FROM work_orders WHERE id = $1`, [id])) as Record<string, unknown>[]
      )[0];
      expect(order).toMatchObject({ status: 'dispatched', department_id: await unitId(unit), hop_count: 1 });
      const hops = (await t.owner.query(`SELECT hop, level, routed_by FROM dispatch_records WHERE work_order_id = $1`, [id])) as Record<string, unknown>[];
      expect(hops).toEqual([{ hop: 1, level: 1, routed_by: routedBy }]);
      const events = (await t.owner.query(`SELECT id::text, actor_role, details FROM work_order_events WHERE work_order_id = $1 AND type = 'dispatched'`, [
        id,
      ])) as {
        id: string;
        actor_role: string;
        details: Record<string, unknown>;
      }[];
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ actor_role: 'system', details: { routedBy, level: 1, hop: 1 } });
      const outbox = (await t.owner.query(`SELECT job_name, payload FROM outbox WHERE payload->>'workOrderId' = $1::text AND payload->>'type' = 'dispatched'`, [
        id,
      ])) as {
        job_name: string;
        payload: { eventId: string };
      }[];
      expect(outbox.map((o) => o.job_name)).toEqual(['work-order.changed']);
      expect(outbox[0].payload.eventId).toBe(events[0].id);
      expect(await count(`SELECT count(*) AS n FROM outbox WHERE job_name = 'deadline.fire' AND payload->>'workOrderId' = $1::text`, [id])).toBe(1);
    }
    expect(((await t.owner.query(`SELECT version FROM work_orders WHERE id = $1`, [catalogue])) as { version: number }[])[0].version).toBe(versionBefore + 1);

    // The vague one waits in the manual queue, with one 'routing_suggested' event.
    expect((await t.owner.query(`SELECT status FROM work_orders WHERE id = $1`, [vague]))[0].status).toBe('registered');
    expect(await count(`SELECT count(*) AS n FROM routing_suggestions WHERE work_order_id = $1`, [vague])).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM work_order_events WHERE work_order_id = $1 AND type = 'routing_suggested'`, [vague])).toBe(1);
    // The order whose job was already processed is untouched.
    expect((await t.owner.query(`SELECT status FROM work_orders WHERE id = $1`, [claimedBefore]))[0].status).toBe('registered');
    expect(await count(`SELECT count(*) AS n FROM dispatch_records WHERE work_order_id = $1`, [byHand])).toBe(1);

    // The same batch redelivered does nothing more.
    const again = await routing.routeMany(jobs);
    expect(again.every((o) => o.outcome === 'skipped')).toBe(true);
    expect(await count(`SELECT count(*) AS n FROM dispatch_records WHERE work_order_id = ANY($1::uuid[])`, [[catalogue, water]])).toBe(2);
    expect(await count(`SELECT count(*) AS n FROM work_order_events WHERE work_order_id = $1 AND type = 'routing_suggested'`, [vague])).toBe(1);
  }, 60_000);

  it('writes nothing for any order of a batch that fails, and the good order routes on its own after', async () => {
    const good = await create({ title: '工地夜间施工', content: '凌晨还在施工', matterCode: 'cg.noise.construction' });
    const bad = await create({ title: '测试', content: '错配事项的工单', matterCode: 'test.misfiled' });

    await expect(
      routing.routeMany([
        { workOrderId: good, jobKey: 'k-good' },
        { workOrderId: bad, jobKey: 'k-bad' },
      ]),
    ).rejects.toThrow(/is a street/);
    expect((await t.owner.query(`SELECT status, version FROM work_orders WHERE id = $1`, [good]))[0]).toMatchObject({ status: 'registered', version: 1 });
    expect(await count(`SELECT count(*) AS n FROM dispatch_records WHERE work_order_id = ANY($1::uuid[])`, [[good, bad]])).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM processed_jobs WHERE job_key = ANY($1::varchar[])`, [['k-good', 'k-bad']])).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM work_order_events WHERE work_order_id = ANY($1::uuid[]) AND type <> 'registered'`, [[good, bad]])).toBe(0);

    // Retried one by one (as the worker does), the good order is dispatched.
    expect(await routing.route(good, 'k-good')).toMatchObject({ outcome: 'dispatched', routedBy: 'catalogue' });
  }, 60_000);

  it('in the worker, routes the jobs of a failed batch one by one: the good order is dispatched, the bad job is not retried', async () => {
    const processor = new RoutingProcessor(routing, t.api.get(CalendarService), undefined as unknown as Queue);
    const good = await create({ title: '工地夜间施工', content: '半夜打桩', matterCode: 'cg.noise.construction' });
    const bad = await create({ title: '测试', content: '又一张错配事项的工单', matterCode: 'test.misfiled' });
    const job = (id: string, n: string) =>
      ({ id: n, name: 'order.route', data: { workOrderId: id }, attemptsMade: 0 }) as unknown as Job<never, unknown, never>;
    const [g, b] = await Promise.allSettled([processor.process(job(good, 'j-good')), processor.process(job(bad, 'j-bad'))]);
    expect(g).toMatchObject({ status: 'fulfilled', value: { outcome: 'dispatched', routedBy: 'catalogue' } });
    expect(b).toMatchObject({ status: 'rejected', reason: { name: 'UnrecoverableError', message: expect.stringMatching(/is a street/) } });
    expect(await count(`SELECT count(*) AS n FROM processed_jobs WHERE job_key = ANY($1::varchar[])`, [['route-j-good', 'route-j-bad']])).toBe(1);
  }, 60_000);

  it('in the worker, routes a packed job (a relay batch as one job) with each order keyed by its own outbox row', async () => {
    const processor = new RoutingProcessor(routing, t.api.get(CalendarService), undefined as unknown as Queue);
    const good = await create({ title: '工地夜间施工', content: '半夜打桩', matterCode: 'cg.noise.construction' });
    const bad = await create({ title: '测试', content: '又一张错配事项的工单', matterCode: 'test.misfiled' });
    const manual = await create({ title: '咨询', content: '想问一下办事流程' });
    const packed = {
      id: 'outbox-900001-batch-3',
      name: 'order.route.batch',
      data: {
        items: [
          { workOrderId: good, eventId: '1', outboxId: '900001' },
          { workOrderId: bad, eventId: '2', outboxId: '900002' },
          { workOrderId: manual, eventId: '3', outboxId: '900003' },
        ],
      },
      attemptsMade: 0,
    } as unknown as Job<never, unknown, never>;
    // The misconfigured order fails the first transaction; item by item, it alone is refused.
    await expect(processor.process(packed)).resolves.toEqual({ items: 3, refused: 1 });
    const status = async (id: string) => (await t.owner.query(`SELECT status FROM work_orders WHERE id = $1`, [id]))[0].status as string;
    expect(await status(good)).toBe('dispatched');
    expect(await status(bad)).toBe('registered');
    expect(await count(`SELECT count(*) AS n FROM routing_suggestions WHERE work_order_id = $1`, [manual])).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM processed_jobs WHERE job_key = ANY($1::varchar[])`, [['route-outbox-900001', 'route-outbox-900003']])).toBe(
      2,
    );

    // The same row redelivered as a lone job (its key is the outbox row's) changes nothing.
    const lone = { id: 'outbox-900001', name: 'order.route', data: { workOrderId: good }, attemptsMade: 0 } as unknown as Job<never, unknown, never>;
    await expect(processor.process(lone)).resolves.toMatchObject({ outcome: 'skipped' });
    expect(await count(`SELECT count(*) AS n FROM dispatch_records WHERE work_order_id = $1`, [good])).toBe(1);
  }, 60_000);
});
