// The connector deliveries' sweep reads the event log forward from its watermark: an event whose job
// was lost is still delivered however many events came after it (the sweep used to look only at the
// newest 20,000), and an event of a time when no webhook was active neither makes a delivery nor holds
// back a later one of its order. Its own database: no worker, so no job ever arrives, and only this
// file's events are in the log.
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DELIVERY_CONSUMER, DeliveryService, watermarkOf } from '@hotline/core';
import {
  type IsolatedDatabase,
  type TestApp,
  type TestDepartment,
  type TestUser,
  bootTestApp,
  createDepartment,
  createIsolatedDatabase,
  createUser,
} from '@hotline/testing';

describe('connector delivery sweep', () => {
  let db: IsolatedDatabase | undefined;
  let t: TestApp | undefined;
  let server: Server | undefined;
  let url: string;
  const received: { event: string; orderId: string }[] = [];
  let unit: TestDepartment;
  let admin: TestUser;
  let agent: TestUser;
  let dispatcher: TestUser;
  let supervisor: TestUser;

  const app = () => t!;
  const sweep = () => app().api.get(DeliveryService).reconcile({ settleSeconds: 0, applyAfterSeconds: 0 });
  const post = async (user: TestUser, path: string, body: object = {}) => {
    const res = await app()
      .http()
      .post(path)
      .set('authorization', `Bearer ${await app().token(user)}`)
      .send(body);
    if (res.status >= 300) throw new Error(`POST ${path}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string };
  };
  const dispatchedOrder = async (title: string): Promise<string> => {
    const { id } = await post(agent, '/api/work-orders', {
      kind: 'help',
      priority: 'normal',
      language: 'zh',
      channel: 'phone',
      title,
      content: `${title}，请处理。`,
    });
    await post(dispatcher, `/api/work-orders/${id}/dispatch`, { departmentId: unit.id });
    return id;
  };
  const eventId = async (orderId: string, type: string): Promise<string> =>
    ((await app().owner.query(`SELECT id::text AS id FROM work_order_events WHERE work_order_id = $1 AND type = $2`, [orderId, type])) as { id: string }[])[0]
      .id;
  const deliveriesOf = async (orderId: string) =>
    (await app().owner.query(`SELECT id, event, status FROM deliveries WHERE work_order_id = $1 ORDER BY sequence`, [orderId])) as {
      id: string;
      event: string;
      status: string;
    }[];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { event: string; order: { id: string } };
        received.push({ event: body.event, orderId: body.order.id });
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    db = await createIsolatedDatabase('deliverysweep');
    t = await bootTestApp({ env: db.env });
    unit = await createDepartment(t.owner, { kind: 'city_bureau', name: '测试补发局' });
    admin = await createUser(t.owner, 'admin');
    agent = await createUser(t.owner, 'agent');
    dispatcher = await createUser(t.owner, 'dispatcher');
    supervisor = await createUser(t.owner, 'supervisor');
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await db?.drop();
    await new Promise((r) => server?.close(r));
  });

  it('passes over the events of a time without webhooks, claiming none of them', async () => {
    const early = await dispatchedOrder('补发测试甲');
    expect(await sweep()).toEqual({ events: 0, requeued: 0 });
    expect(BigInt((await watermarkOf(app().owner, DELIVERY_CONSUMER)) ?? '0')).toBeGreaterThanOrEqual(BigInt(await eventId(early, 'dispatched')));
    expect(await app().owner.query(`SELECT 1 FROM processed_jobs WHERE consumer = $1`, [DELIVERY_CONSUMER])).toHaveLength(0);
  });

  it('delivers an event whose job was lost, with 25,000 events after it, exactly once', async () => {
    const registered = await app()
      .http()
      .put(`/api/departments/${unit.id}/connector`)
      .set('authorization', `Bearer ${await app().token(admin)}`)
      .send({ url });
    expect(registered.status).toBe(200);

    const lost = await dispatchedOrder('补发测试乙');
    // A busy hall after it: 25,000 more events (of another order, of a kind no webhook is sent).
    const busy = await post(agent, '/api/work-orders', {
      kind: 'help',
      priority: 'normal',
      language: 'zh',
      channel: 'phone',
      title: '补发测试丙',
      content: '填充',
    });
    await app().owner.query(
      `INSERT INTO work_order_events (work_order_id, type, actor_role, to_status, details)
       SELECT $1, 'registered', 'agent', 'registered', '{}'::jsonb FROM generate_series(1, 25000)`,
      [busy.id],
    );

    // One call reads at most 10 batches of 2,000: the backlog takes two, and a third finds nothing new.
    const first = await sweep();
    expect(first.events).toBeGreaterThanOrEqual(1);
    const [delivery] = await deliveriesOf(lost);
    expect(delivery).toMatchObject({ event: 'order.dispatched', status: 'pending' });
    const jobs = await app().owner.query(`SELECT 1 FROM outbox WHERE job_name = 'delivery.send' AND payload->>'deliveryId' = $1`, [delivery.id]);
    expect(jobs).toHaveLength(1);

    await sweep();
    const [head] = (await app().owner.query(`SELECT max(id)::text AS id FROM work_order_events`)) as { id: string }[];
    expect(await watermarkOf(app().owner, DELIVERY_CONSUMER)).toBe(head.id);
    expect((await sweep()).events).toBe(0);
    expect(await deliveriesOf(lost)).toHaveLength(1);

    expect(await app().api.get(DeliveryService).send(delivery.id, 5)).toEqual({ outcome: 'done', status: 'delivered' });
    expect(received).toEqual([{ event: 'order.dispatched', orderId: lost }]);
  }, 60_000);

  it('does not hold a delivery back behind an event the sweep passed over', async () => {
    // 补发测试甲 was dispatched before the unit registered its webhook (within the minute the check
    // looks back) and its dispatch event was never claimed: the watermark passed it.
    const [early] = (await app().owner.query(`SELECT id FROM work_orders WHERE title = '补发测试甲'`)) as { id: string }[];
    await post(supervisor, `/api/work-orders/${early.id}/supervise`, { note: '请加快办理' });
    await sweep();
    const ds = await deliveriesOf(early.id);
    // The unit is not sent its past (the dispatch), only what happened since.
    expect(ds.map((d) => d.event)).toEqual(['order.supervised']);
    expect(await app().api.get(DeliveryService).send(ds[0].id, 5)).toEqual({ outcome: 'done', status: 'delivered' });
    expect(received.at(-1)).toEqual({ event: 'order.supervised', orderId: early.id });
  }, 30_000);
});
