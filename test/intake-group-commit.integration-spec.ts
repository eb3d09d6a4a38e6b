// Intake's group commit against PostgreSQL: creates that arrive together are written by one statement
// (one transaction), and each caller still gets its own order, event and outbox row; a create that
// PostgreSQL refuses inside a batch fails alone, and the rest of its batch is written exactly once.
import { type CreateWorkOrderRequest, Role } from '@hotline/contracts';
import { type Actor, type GroupCommit, WorkOrdersService } from '@hotline/core';
import { type TestApp, type TestUser, bootTestApp, createUser } from '@hotline/testing';

describe('intake group commit', () => {
  let t: TestApp;
  let agent: TestUser;
  let actor: Actor;
  let orders: WorkOrdersService;

  beforeAll(async () => {
    t = await bootTestApp();
    agent = await createUser(t.owner, 'agent');
    actor = { id: agent.id, role: Role.Agent, departmentId: null, departmentPath: null, languageSkills: ['zh'] };
    orders = t.api.get(WorkOrdersService);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  const request = (title: string, extra: Partial<CreateWorkOrderRequest> = {}): CreateWorkOrderRequest =>
    ({
      kind: 'help',
      priority: 'normal',
      language: 'zh',
      channel: 'phone',
      title,
      content: `${title}：楼道灯坏了`,
      citizenPhone: '13800001234',
      ...extra,
    }) as CreateWorkOrderRequest;

  it('writes creates that arrive together in fewer transactions than orders, each caller getting its own order, event and outbox row', async () => {
    const run = `批量${Date.now()}`;
    const titles = Array.from({ length: 40 }, (_, i) => `${run}-${i}`);
    const results = await Promise.all(titles.map((title) => orders.create(actor, request(title))));

    expect(results.map((r) => r.order.title)).toEqual(titles);
    expect(results.every((r) => !r.replayed && r.order.status === 'registered')).toBe(true);
    expect(new Set(results.map((r) => r.order.code)).size).toBe(40);
    const ids = results.map((r) => r.order.id);

    // Rows written by one transaction share its id (xmin).
    const [{ transactions }] = await t.owner.query(`SELECT count(DISTINCT xmin::text)::int AS transactions FROM work_orders WHERE id = ANY($1)`, [ids]);
    expect(transactions).toBeLessThan(40);
    expect(transactions).toBeGreaterThanOrEqual(1);

    const events = (await t.owner.query(
      `SELECT e.id::text AS id, e.work_order_id, e.type, e.actor_id, e.actor_role, e.details->>'channel' AS channel
       FROM work_order_events e WHERE e.work_order_id = ANY($1) ORDER BY e.id`,
      [ids],
    )) as { id: string; work_order_id: string; type: string; actor_id: string; actor_role: string; channel: string }[];
    expect(events).toHaveLength(40);
    expect(new Set(events.map((e) => e.work_order_id))).toEqual(new Set(ids));
    for (const e of events) expect([e.type, e.actor_id, e.actor_role, e.channel]).toEqual(['registered', agent.id, 'agent', 'phone']);

    const outbox = (await t.owner.query(
      `SELECT job_name, payload->>'workOrderId' AS work_order_id, payload->>'eventId' AS event_id FROM outbox WHERE payload->>'workOrderId' = ANY($1)`,
      [ids],
    )) as { job_name: string; work_order_id: string; event_id: string }[];
    expect(outbox).toHaveLength(40);
    const eventOf = new Map(events.map((e) => [e.work_order_id, e.id]));
    for (const o of outbox) {
      expect(o.job_name).toBe('order.route');
      expect(o.event_id).toBe(eventOf.get(o.work_order_id));
    }
  });

  it('settles a batch that mixes a direct answer and two racing retries of one key: the loser gets the winner, the rest is written once', async () => {
    const run = `混合${Date.now()}`;
    const key = `race-${run}`;
    const plain = Array.from({ length: 10 }, (_, i) => `${run}-${i}`);
    const intake = (orders as unknown as { intakeBatch: GroupCommit<unknown, unknown> }).intakeBatch;
    const until = async (what: string, ok: () => boolean) => {
      for (const t0 = Date.now(); !ok(); await new Promise((r) => setTimeout(r, 10))) if (Date.now() - t0 > 10_000) throw new Error(`timed out: ${what}`);
    };

    // Hold intake's statements at the outbox insert, fill every slot with one, and queue the mix
    // behind them: it then goes as one batch, in which PostgreSQL refuses the duplicate key.
    const gate = t.owner.createQueryRunner();
    await gate.connect();
    await gate.startTransaction();
    await gate.query('LOCK TABLE outbox IN SHARE MODE');
    const slots = t.cfg.INTAKE_BATCHES_IN_FLIGHT;
    const plugs = Array.from({ length: slots }, (_, i) => orders.create(actor, request(`${run}-plug-${i}`)));
    await until('the plugs to take every slot', () => intake.running === slots);
    const mixed = Promise.all([
      orders.create(actor, request(`${run}-direct`, { answer: '已告知市民办理地点和时间' })),
      orders.create(actor, request(`${run}-keyed`), key),
      orders.create(actor, request(`${run}-keyed`), key),
      ...plain.map((title) => orders.create(actor, request(title))),
    ]);
    await until('the mix to queue behind them', () => intake.queued === 13);
    await gate.commitTransaction();
    await gate.release();
    await Promise.all(plugs);
    const [direct, retryA, retryB, ...rest] = await mixed;

    expect(rest.map((r) => r.order.title)).toEqual(plain);
    expect(retryA.order.id).toBe(retryB.order.id);
    expect([retryA.replayed, retryB.replayed].sort()).toEqual([false, true]);
    expect(direct.order.status).toBe('closed');

    const counts = (await t.owner.query(`SELECT title, count(*)::int AS n FROM work_orders WHERE title LIKE $1 GROUP BY title ORDER BY title`, [
      `${run}-%`,
    ])) as {
      title: string;
      n: number;
    }[];
    expect(counts).toHaveLength(12 + slots);
    expect(counts.every((c) => c.n === 1)).toBe(true);
    // The refused batch left nothing: its creates were written again one by one.
    const [{ transactions }] = await t.owner.query(
      `SELECT count(DISTINCT xmin::text)::int AS transactions FROM work_orders WHERE title LIKE $1 AND title NOT LIKE $2`,
      [`${run}-%`, `${run}-plug-%`],
    );
    expect(transactions).toBe(12);

    const directEvents = (await t.owner.query(`SELECT type, to_status FROM work_order_events WHERE work_order_id = $1 ORDER BY id`, [direct.order.id])) as {
      type: string;
      to_status: string;
    }[];
    expect(directEvents).toEqual([
      { type: 'registered', to_status: 'registered' },
      { type: 'answered_directly', to_status: 'closed' },
    ]);
    // A directly answered order is closed: nothing routes it.
    const routed = await t.owner.query(`SELECT count(*)::int AS n FROM outbox WHERE job_name = 'order.route' AND payload->>'workOrderId' = $1`, [
      direct.order.id,
    ]);
    expect(routed[0].n).toBe(0);
    const keyedRoute = await t.owner.query(`SELECT count(*)::int AS n FROM outbox WHERE job_name = 'order.route' AND payload->>'workOrderId' = $1`, [
      retryA.order.id,
    ]);
    expect(keyedRoute[0].n).toBe(1);
  });
});
