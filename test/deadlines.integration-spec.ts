// Deadlines that enforce themselves (催办 / 督办) and 回访 tasks, on real PostgreSQL and Redis with an
// injected clock. Orders are driven through the HTTP API; the worker's adapters (the deadlines and
// surveys processors) are called directly on the same clock, against the real queues. The clock runs
// in 2027, so no real-time worker of another test ever finds these timers due, and every sweep here is
// limited to this test's own unit so it never touches another test's orders.
import { Queue, type Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { type DeadlineKind, QueueName, deadlineJobId } from '@hotline/contracts';
import { DeadlinesService, SYSTEM_USER_ID, dueSoonAt } from '@hotline/core';
import { OutboxRelayService, redisOptions } from '@hotline/queue';
import { FixedClock, type TestApp, type TestDepartment, type TestUser, bootTestApp, createDepartment, createUser } from '@hotline/testing';
import { DeadlinesProcessor } from '../apps/worker/src/processors/deadlines.processor';
import { SurveysProcessor } from '../apps/worker/src/processors/surveys.processor';

const HOUR = 3_600_000;
/** Wall time in Asia/Shanghai (UTC+8, no DST) as an instant. */
const shanghai = (local: string) => new Date(`${local}+08:00`);

interface Supervision {
  kind: string;
  source: string;
  trigger: string;
  due_at: Date;
  note: string;
  department_id: string;
}

describe('deadlines that enforce themselves', () => {
  const clock = new FixedClock(shanghai('2027-03-01T10:00:00'));
  let t: TestApp;
  let deadlines: DeadlinesService;
  let deadlinesQueue: Queue;
  let surveysQueue: Queue;
  let eventsQueue: Queue;
  let dispatchQueue: Queue;
  let deliveryQueue: Queue;
  let relay: OutboxRelayService;
  let processor: DeadlinesProcessor;
  let surveysProcessor: SurveysProcessor;
  let agent: TestUser;
  let mnAgent: TestUser;
  let dispatcher: TestUser;

  beforeAll(async () => {
    t = await bootTestApp({ clock });
    deadlines = t.api.get(DeadlinesService);
    const connection = redisOptions(t.cfg.REDIS_URL, 'worker');
    deadlinesQueue = new Queue(QueueName.Deadlines, { connection, prefix: t.cfg.QUEUE_PREFIX });
    surveysQueue = new Queue(QueueName.Surveys, { connection, prefix: t.cfg.QUEUE_PREFIX });
    eventsQueue = new Queue(QueueName.Events, { connection, prefix: t.cfg.QUEUE_PREFIX });
    dispatchQueue = new Queue(QueueName.Dispatch, { connection, prefix: t.cfg.QUEUE_PREFIX });
    deliveryQueue = new Queue(QueueName.Delivery, { connection, prefix: t.cfg.QUEUE_PREFIX });
    // The worker's own relay, driven by hand: timers reach Redis through the outbox, committed with the change that set them.
    relay = new OutboxRelayService(t.api.get(DataSource), t.cfg, eventsQueue, dispatchQueue, deadlinesQueue, surveysQueue, deliveryQueue);
    processor = new DeadlinesProcessor(deadlines);
    surveysProcessor = new SurveysProcessor(deadlines);
    agent = await createUser(t.owner, 'agent', { languages: ['zh'] });
    mnAgent = await createUser(t.owner, 'agent', { languages: ['zh', 'mn'] });
    dispatcher = await createUser(t.owner, 'dispatcher');
  }, 60_000);

  afterAll(async () => {
    for (const q of [deadlinesQueue, surveysQueue, eventsQueue, dispatchQueue, deliveryQueue]) await q?.close();
    await t?.close();
  });

  const auth = async (user: TestUser) => `Bearer ${await t.token(user)}`;
  async function post(user: TestUser, path: string, body: object = {}) {
    const res = await t
      .http()
      .post(path)
      .set('authorization', await auth(user))
      .send(body);
    if (res.status >= 300) throw new Error(`POST ${path} as ${user.role}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Record<string, unknown>;
  }

  /** A unit of its own and one handler, so the sweep can be limited to this test's orders. */
  async function unitWithHandler(): Promise<{ unit: TestDepartment; handler: TestUser }> {
    const unit = await createDepartment(t.owner, { kind: 'city_bureau' });
    return { unit, handler: await createUser(t.owner, 'department', { department: unit }) };
  }

  /**
   * Registers an order and dispatches it to the unit at the clock's time. A router running in another
   * test's worker may dispatch a registered order first (409): that order is left and another made.
   */
  async function dispatchedOrder(unit: TestDepartment, extra: object = {}): Promise<string> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const created = await post(agent, '/api/work-orders', {
        kind: 'help',
        priority: 'normal',
        language: 'zh',
        channel: 'phone',
        title: '路灯不亮',
        content: '小区门口路灯坏了一周',
        citizenPhone: '13812341234',
        ...extra,
      });
      const res = await t
        .http()
        .post(`/api/work-orders/${String(created.id)}/dispatch`)
        .set('authorization', await auth(dispatcher))
        .send({ departmentId: unit.id });
      if (res.status === 200) return String(created.id);
      if (res.status !== 409) throw new Error(`dispatch: ${res.status} ${JSON.stringify(res.body)}`);
    }
    throw new Error('every order was routed away before it could be dispatched');
  }

  async function order(id: string) {
    const rows = (await t.owner.query(`SELECT status, sign_due_at, dispatched_at, clock_start_at, due_at, replied_at FROM work_orders WHERE id = $1`, [
      id,
    ])) as {
      status: string;
      sign_due_at: Date;
      dispatched_at: Date;
      clock_start_at: Date;
      due_at: Date;
      replied_at: Date | null;
    }[];
    return rows[0];
  }

  const supervisions = (id: string): Promise<Supervision[]> =>
    t.owner.query(`SELECT kind, source, trigger, due_at, note, department_id FROM supervisions WHERE work_order_id = $1 ORDER BY issued_at, due_at`, [id]);

  const systemEvents = (id: string): Promise<{ type: string; actor_role: string; actor_id: string | null; details: Record<string, unknown> }[]> =>
    t.owner.query(`SELECT type, actor_role, actor_id, details FROM work_order_events WHERE work_order_id = $1 AND actor_role = 'system' ORDER BY id`, [id]);

  const fireJob = (workOrderId: string, kind: DeadlineKind, dueAt: Date) => processor.fire({ workOrderId, kind, dueAt: dueAt.toISOString() });

  /** Publishes every outbox row now (another test file's worker may have published some already). */
  async function publish(): Promise<void> {
    while ((await relay.publishBatch()) > 0);
  }

  async function plannedJob(workOrderId: string, kind: DeadlineKind, dueAt: Date): Promise<Job | undefined> {
    await publish();
    return deadlinesQueue.getJob(deadlineJobId(workOrderId, kind, dueAt));
  }

  /** A delayed job's delay: planned from the clock at commit, less the moments its outbox row waited for the relay. */
  function expectDelay(job: Job | undefined, planned: number): void {
    expect(job?.opts.delay).toBeLessThanOrEqual(planned);
    expect(job?.opts.delay).toBeGreaterThan(planned - 10_000);
  }

  it('reminds (催办) a unit that has not signed by the sign-for deadline, then supervises (督办) one sign-for period later', async () => {
    const { unit, handler } = await unitWithHandler();
    clock.set(shanghai('2027-03-01T10:00:00')); // Monday
    const id = await dispatchedOrder(unit);
    const o = await order(id);
    expect(o.sign_due_at.toISOString()).toBe(shanghai('2027-03-02T10:00:00').toISOString()); // one working day
    const escalationAt = new Date(o.sign_due_at.getTime() + 24 * HOUR);
    // Queued by the dispatch's own transaction (the TransitionHook), before anything re-plans it.
    expectDelay(await plannedJob(id, 'sign_overdue', o.sign_due_at), 24 * HOUR);

    // Only the next timer is queued: the sign-for reminder.
    const plan = await processor.plan({ workOrderId: id, eventId: '1' });
    expect(plan.timers).toBe(1);
    const signJob = await plannedJob(id, 'sign_overdue', o.sign_due_at);
    expectDelay(signJob, 24 * HOUR);
    expect(await plannedJob(id, 'sign_escalation', escalationAt)).toBeUndefined();

    clock.set(new Date(o.sign_due_at.getTime() - 1_000));
    // Early (the clocks disagree): the job fails, to be retried with backoff, and writes nothing.
    await expect(processor.fire(signJob!.data)).rejects.toThrow(/not yet/);
    expect(await supervisions(id)).toEqual([]);

    clock.set(o.sign_due_at);
    expect(await processor.fire(signJob!.data)).toBe('issued');
    // Firing it queued the one after it.
    expect(await plannedJob(id, 'sign_escalation', escalationAt)).toBeDefined();
    clock.set(escalationAt);
    expect(await fireJob(id, 'sign_escalation', escalationAt)).toBe('issued');

    const rows = await supervisions(id);
    expect(rows.map((s) => [s.kind, s.source, s.trigger, s.department_id])).toEqual([
      ['reminder', 'automatic', 'sign_overdue', unit.id],
      ['supervision', 'automatic', 'sign_escalation', unit.id],
    ]);
    expect(rows[0].note).toContain('签收超时催办');
    expect(rows[1].note).toContain('督办');
    const events = await systemEvents(id);
    expect(events.map((e) => [e.type, e.actor_id, e.details.kind, e.details.departmentId])).toEqual([
      ['reminder_issued', SYSTEM_USER_ID, 'sign_overdue', unit.id],
      ['supervision_issued', SYSTEM_USER_ID, 'sign_escalation', unit.id],
    ]);
    expect(events[0].details.dueAt).toBe(o.sign_due_at.toISOString());

    // The unit sees both on the order.
    const detail = await t
      .http()
      .get(`/api/work-orders/${id}`)
      .set('authorization', await auth(handler))
      .expect(200);
    expect((detail.body.supervisions as { kind: string }[]).map((s) => s.kind).sort()).toEqual(['reminder', 'supervision']);
  }, 60_000);

  it('drops the sign-for timers once signed; reminds at the yellow light (80 %) and supervises when overdue, once however often the job is delivered', async () => {
    const { unit, handler } = await unitWithHandler();
    clock.set(shanghai('2027-03-08T10:00:00'));
    const id = await dispatchedOrder(unit);
    await processor.plan({ workOrderId: id, eventId: '1' });
    clock.advance(HOUR);
    await post(handler, `/api/work-orders/${id}/sign`);
    const replanned = await processor.plan({ workOrderId: id, eventId: '2' });
    expect(replanned.timers).toBe(1);

    const o = await order(id);
    // The sign-for job planned before the signature still fires: as a no-op.
    clock.set(o.sign_due_at);
    expect(await fireJob(id, 'sign_overdue', o.sign_due_at)).toBe('stale');
    expect(await supervisions(id)).toEqual([]);

    const yellowAt = dueSoonAt(o.clock_start_at, o.due_at, 0.8);
    expect(await plannedJob(id, 'due_soon', yellowAt)).toBeDefined();
    clock.set(yellowAt);
    expect(await fireJob(id, 'due_soon', yellowAt)).toBe('issued');
    expect(await plannedJob(id, 'overdue', o.due_at)).toBeDefined();
    const yellow = await t
      .http()
      .get(`/api/work-orders/${id}`)
      .set('authorization', await auth(handler))
      .expect(200);
    expect(yellow.body.light).toBe('yellow');

    clock.set(o.due_at);
    // Three deliveries of the same job at once (a redelivery, a second worker): one supervision.
    const results = await Promise.all([1, 2, 3].map(() => fireJob(id, 'overdue', o.due_at)));
    expect(results.sort()).toEqual(['duplicate', 'duplicate', 'issued']);
    expect(await fireJob(id, 'overdue', o.due_at)).toBe('duplicate');

    const rows = await supervisions(id);
    expect(rows.map((s) => [s.kind, s.trigger])).toEqual([
      ['reminder', 'due_soon'],
      ['supervision', 'overdue'],
    ]);
    expect(rows[0].note).toContain('黄灯');
    expect(rows[1].note).toContain('督办');
    expect((await systemEvents(id)).map((e) => e.type)).toEqual(['reminder_issued', 'supervision_issued']);
    clock.advance(1);
    const red = await t
      .http()
      .get(`/api/work-orders/${id}`)
      .set('authorization', await auth(handler))
      .expect(200);
    expect(red.body.light).toBe('red');
  }, 60_000);

  it('moves the timers when an extension is approved: the old due time no longer fires, the new one does', async () => {
    const { unit, handler } = await unitWithHandler();
    clock.set(shanghai('2027-03-15T10:00:00'));
    const id = await dispatchedOrder(unit);
    await post(handler, `/api/work-orders/${id}/sign`);
    await processor.plan({ workOrderId: id, eventId: '1' });
    const { due_at: oldDue, clock_start_at: clockStart } = await order(id);
    expect(await plannedJob(id, 'due_soon', dueSoonAt(clockStart, oldDue, 0.8))).toBeDefined();

    clock.advance(2 * HOUR);
    await post(handler, `/api/work-orders/${id}/extension`, { days: 3, reason: '需协调多个部门现场处置' });
    await post(dispatcher, `/api/work-orders/${id}/extension/review`, { approved: true });
    const newDue = (await order(id)).due_at;
    expect(newDue.getTime()).toBeGreaterThan(oldDue.getTime());
    await processor.plan({ workOrderId: id, eventId: '2' });
    expect(await plannedJob(id, 'due_soon', dueSoonAt(clockStart, newDue, 0.8))).toBeDefined();

    clock.set(new Date(oldDue.getTime() + 1));
    expect(await fireJob(id, 'overdue', oldDue)).toBe('stale');
    await deadlines.sweep({ departmentPath: unit.path });
    expect((await supervisions(id)).filter((s) => s.trigger === 'overdue')).toEqual([]);

    clock.set(newDue);
    expect(await fireJob(id, 'overdue', newDue)).toBe('issued');
    const overdue = (await supervisions(id)).filter((s) => s.trigger === 'overdue');
    expect(overdue.map((s) => s.due_at.toISOString())).toEqual([newDue.toISOString()]);
  }, 60_000);

  it('restarts the timers when a dissatisfied survey reopens the order (重办)', async () => {
    const { unit, handler } = await unitWithHandler();
    clock.set(shanghai('2027-03-22T10:00:00'));
    const id = await dispatchedOrder(unit);
    await post(handler, `/api/work-orders/${id}/sign`);
    const first = await order(id);
    clock.advance(HOUR);
    await post(handler, `/api/work-orders/${id}/reply`, { content: '已安排维修' });
    expect((await processor.plan({ workOrderId: id, eventId: '1' })).timers).toBe(0);
    clock.advance(HOUR);
    await post(agent, `/api/work-orders/${id}/survey`, { outcome: 'reached', rating: 'dissatisfied', resolved: false });
    clock.advance(HOUR);
    await post(dispatcher, `/api/work-orders/${id}/reopen`, { note: '群众反映路灯仍不亮' });
    const plan = await processor.plan({ workOrderId: id, eventId: '2' });
    expect(plan.timers).toBe(1);
    expect(plan.surveyTask).toBeNull();
    const reopened = await order(id);
    expect(reopened.due_at.getTime()).toBeGreaterThan(first.due_at.getTime());

    // The first clock's overdue job is stale; the new sign-for deadline fires.
    clock.set(first.due_at);
    expect(await fireJob(id, 'overdue', first.due_at)).toBe('stale');
    clock.set(reopened.sign_due_at);
    expect(await fireJob(id, 'sign_overdue', reopened.sign_due_at)).toBe('issued');
    expect((await supervisions(id)).map((s) => [s.trigger, s.due_at.toISOString()])).toEqual([['sign_overdue', reopened.sign_due_at.toISOString()]]);
    // The first reply's survey task was done by the survey.
    expect(await t.owner.query(`SELECT status FROM survey_tasks WHERE work_order_id = $1`, [id])).toEqual([{ status: 'done' }]);
  }, 60_000);

  it('makes a Friday reply due for its survey (回访) by the end of Monday, lists it for agents with a masked phone, and flags it overdue after', async () => {
    const { unit, handler } = await unitWithHandler();
    clock.set(shanghai('2027-03-01T10:00:00'));
    const id = await dispatchedOrder(unit);
    await post(handler, `/api/work-orders/${id}/sign`);
    clock.set(shanghai('2027-03-05T16:00:00')); // Friday
    await post(handler, `/api/work-orders/${id}/reply`, { content: '路灯已修复' });

    const plan = await processor.plan({ workOrderId: id, eventId: '1' });
    const dueAt = shanghai('2027-03-08T23:59:59.999');
    expect(plan.surveyTask).not.toBeNull();
    // Planning again (a redelivered job) does not duplicate the task.
    await processor.plan({ workOrderId: id, eventId: '1' });
    const tasks = (await t.owner.query(`SELECT id, due_at, language, status, overdue, department_id FROM survey_tasks WHERE work_order_id = $1`, [id])) as {
      id: string;
      due_at: Date;
      language: string;
      status: string;
      overdue: boolean;
      department_id: string;
    }[];
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ language: 'zh', status: 'open', overdue: false, department_id: unit.id });
    expect(tasks[0].due_at.toISOString()).toBe(dueAt.toISOString());
    await publish();
    const dueJob = await surveysQueue.getJob(deadlineJobId(id, 'survey_due', dueAt));
    expect(dueJob?.data).toEqual({ surveyTaskId: tasks[0].id, workOrderId: id });
    expectDelay(dueJob, dueAt.getTime() - shanghai('2027-03-05T16:00:00').getTime());

    const list = await t
      .http()
      .get('/api/survey-tasks?status=open&limit=200')
      .set('authorization', await auth(agent))
      .expect(200);
    const mine = (list.body.items as { id: string; citizenPhone: string; code: string }[]).find((i) => i.id === tasks[0].id);
    expect(mine?.citizenPhone).toBe('138****1234');
    expect(JSON.stringify(list.body)).not.toContain('13812341234');

    // The job itself, as the surveys worker would take it: not overdue on Monday evening; overdue once Monday has ended.
    const surveyDue = () => surveysProcessor.process(dueJob as Parameters<SurveysProcessor['process']>[0]);
    clock.set(shanghai('2027-03-08T23:00:00'));
    await expect(surveyDue()).rejects.toThrow(/not due yet/);
    clock.set(shanghai('2027-03-09T00:00:00'));
    expect(await surveyDue()).toBe('overdue');
    expect(await surveyDue()).toBe('already');
    const overdue = await t
      .http()
      .get('/api/survey-tasks?overdue=true&limit=200')
      .set('authorization', await auth(dispatcher))
      .expect(200);
    expect((overdue.body.items as { id: string }[]).map((i) => i.id)).toContain(tasks[0].id);
    expect((await systemEvents(id)).map((e) => [e.type, e.details.surveyTaskId])).toEqual([['survey_overdue', tasks[0].id]]);

    // The survey closes the task.
    await post(agent, `/api/work-orders/${id}/survey`, { outcome: 'reached', rating: 'satisfied', resolved: true });
    await processor.plan({ workOrderId: id, eventId: '3' });
    expect(await t.owner.query(`SELECT status FROM survey_tasks WHERE work_order_id = $1`, [id])).toEqual([{ status: 'done' }]);
    const after = await t
      .http()
      .get('/api/survey-tasks?status=open&limit=200')
      .set('authorization', await auth(agent))
      .expect(200);
    expect((after.body.items as { id: string }[]).map((i) => i.id)).not.toContain(tasks[0].id);
  }, 60_000);

  it('skips a holiday for the survey due date and keeps Mongolian-language tasks for agents with the mn skill', async () => {
    const { unit, handler } = await unitWithHandler();
    clock.set(shanghai('2027-03-29T10:00:00'));
    const id = await dispatchedOrder(unit, { language: 'mn', title: '路灯', content: 'ᠭᠡᠷᠡᠯ ᠡᠪᠳᠡᠷᠡᠪᠡ', summaryZh: '路灯坏了' });
    await post(handler, `/api/work-orders/${id}/sign`);
    clock.set(shanghai('2027-04-02T15:00:00')); // Friday; Monday 5 April is 清明
    await post(handler, `/api/work-orders/${id}/reply`, { content: '路灯已修复' });
    const plan = await deadlines.plan(id);
    expect(plan.surveyTask?.dueAt.toISOString()).toBe(shanghai('2027-04-06T23:59:59.999').toISOString());

    const zhOnly = await t
      .http()
      .get('/api/survey-tasks?limit=200')
      .set('authorization', await auth(agent))
      .expect(200);
    expect((zhOnly.body.items as { id: string }[]).map((i) => i.id)).not.toContain(plan.surveyTask!.id);
    const mnOnly = await t
      .http()
      .get('/api/survey-tasks?language=mn&limit=200')
      .set('authorization', await auth(agent))
      .expect(200);
    expect(mnOnly.body.items).toEqual([]);
    const withMn = await t
      .http()
      .get('/api/survey-tasks?language=mn&limit=200')
      .set('authorization', await auth(mnAgent))
      .expect(200);
    expect((withMn.body.items as { id: string; language: string }[]).find((i) => i.id === plan.surveyTask!.id)?.language).toBe('mn');
    // A department does not get the centre's callback list.
    await t
      .http()
      .get('/api/survey-tasks')
      .set('authorization', await auth(handler))
      .expect(403);
  }, 60_000);

  it('the sweep fires a deadline whose delayed job was deleted from Redis, exactly once even with two sweeps at once', async () => {
    const { unit } = await unitWithHandler();
    clock.set(shanghai('2027-05-10T10:00:00'));
    const id = await dispatchedOrder(unit);
    await processor.plan({ workOrderId: id, eventId: '1' });
    const o = await order(id);
    const job = await plannedJob(id, 'sign_overdue', o.sign_due_at);
    expect(job).toBeDefined();
    await job!.remove();
    expect(await plannedJob(id, 'sign_overdue', o.sign_due_at)).toBeUndefined();

    clock.set(new Date(o.sign_due_at.getTime() + 60_000));
    const [a, b] = await Promise.all([deadlines.sweep({ departmentPath: unit.path }), deadlines.sweep({ departmentPath: unit.path })]);
    expect(a.fired + b.fired).toBe(1);
    await deadlines.sweep({ departmentPath: unit.path });
    const rows = await supervisions(id);
    expect(rows.map((s) => [s.kind, s.trigger, s.due_at.toISOString()])).toEqual([['reminder', 'sign_overdue', o.sign_due_at.toISOString()]]);
    expect((await systemEvents(id)).map((e) => e.type)).toEqual(['reminder_issued']);
  }, 60_000);

  it('a reply opens its survey task in its own transaction; the sweep re-opens one that is missing', async () => {
    const { unit, handler } = await unitWithHandler();
    clock.set(shanghai('2027-05-17T10:00:00'));
    const id = await dispatchedOrder(unit);
    await post(handler, `/api/work-orders/${id}/sign`);
    await post(handler, `/api/work-orders/${id}/reply`, { content: '已处理' });
    const open = [{ status: 'open', due_at: shanghai('2027-05-18T23:59:59.999') }];
    expect(await t.owner.query(`SELECT status, due_at FROM survey_tasks WHERE work_order_id = $1`, [id])).toEqual(open);
    expect((await deadlines.sweep({ departmentPath: unit.path })).surveyTasksSynced).toBe(0);

    // A replied order without its task (e.g. replied before tasks existed): the sweep opens it.
    await t.owner.query(`DELETE FROM survey_tasks WHERE work_order_id = $1`, [id]);
    expect((await deadlines.sweep({ departmentPath: unit.path })).surveyTasksSynced).toBe(1);
    expect(await t.owner.query(`SELECT status, due_at FROM survey_tasks WHERE work_order_id = $1`, [id])).toEqual(open);
  }, 60_000);
});
