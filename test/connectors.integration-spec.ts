// Department connectors (垂建系统) against a real receiver: a local HTTP server that fails the first
// three deliveries and verifies every signature. Orders dispatched to the unit are delivered once it
// recovers, in order per order, with every attempt logged; the unit's system signs for and replies
// to its orders with its API key, and cannot touch another unit's.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DeliveryView } from '@hotline/contracts';
import { DeliveryService } from '@hotline/core';
import { type TestApp, type TestDepartment, type TestUser, bootTestApp, createDepartment, createUser, pollUntil } from '@hotline/testing';

interface Received {
  headers: IncomingHttpHeaders;
  raw: string;
  body: { deliveryId: string; event: string; sequence: number; order: { id: string; code: string; citizenPhone?: string | null } };
  answered: number;
  at: number;
}

describe('department connectors', () => {
  let t: TestApp;
  let mine: TestDepartment;
  let other: TestDepartment;
  let admin: TestUser;
  let dispatcher: TestUser;
  let agent: TestUser;
  let mineUser: TestUser;
  let otherUser: TestUser;
  let server: Server;
  let url: string;
  let secret: string;
  let apiKey: string;
  let apiKeyId: string;
  const received: Received[] = [];
  const orders: { a?: string; b?: string; c?: string; foreign?: string } = {};

  const bearer = async (u: TestUser) => `Bearer ${await t.token(u)}`;
  const verify = (r: Received): boolean => {
    const expected = Buffer.from(
      `sha256=${createHmac('sha256', secret)
        .update(`${String(r.headers['x-hotline-timestamp'])}.${r.raw}`)
        .digest('hex')}`,
    );
    const got = Buffer.from(String(r.headers['x-hotline-signature'] ?? ''));
    return got.length === expected.length && timingSafeEqual(got, expected);
  };
  const deliveries = async (q = ''): Promise<DeliveryView[]> => {
    const res = await t
      .http()
      .get(`/api/departments/${mine.id}/deliveries${q}`)
      .set('authorization', await bearer(admin));
    expect(res.status).toBe(200);
    return res.body as DeliveryView[];
  };

  async function createOrder(title: string): Promise<string> {
    const res = await t
      .http()
      .post('/api/work-orders')
      .set('authorization', await bearer(agent))
      .send({
        kind: 'consultation',
        priority: 'normal',
        language: 'zh',
        channel: 'phone',
        title,
        content: `${title}，请联系处理。`,
        citizenPhone: '13912345678',
      });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  async function dispatch(id: string, to: TestDepartment): Promise<void> {
    const res = await t
      .http()
      .post(`/api/work-orders/${id}/dispatch`)
      .set('authorization', await bearer(dispatcher))
      .send({ departmentId: to.id });
    // 409 here would mean the worker's router dispatched the order before the dispatcher did.
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 200 });
  }

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const answered = received.length < 3 ? 500 : 200;
        received.push({ headers: req.headers, raw, body: JSON.parse(raw), answered, at: Date.now() });
        res.statusCode = answered;
        res.end(answered === 200 ? 'ok' : 'temporarily down');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hotline/hook`;

    t = await bootTestApp({ worker: true });
    mine = await createDepartment(t.owner, { kind: 'city_bureau', name: '测试垂建局' });
    other = await createDepartment(t.owner, { kind: 'city_bureau', name: '测试他局' });
    admin = await createUser(t.owner, 'admin');
    dispatcher = await createUser(t.owner, 'dispatcher');
    agent = await createUser(t.owner, 'agent');
    mineUser = await createUser(t.owner, 'department', { department: mine });
    otherUser = await createUser(t.owner, 'department', { department: other });
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await new Promise((r) => server?.close(r));
  });

  it('registers the webhook, answering the signing secret once', async () => {
    const bad = await t
      .http()
      .put(`/api/departments/${mine.id}/connector`)
      .set('authorization', await bearer(admin))
      .send({ url: 'ftp://example.org/x' });
    expect(bad.status).toBe(400);

    const res = await t
      .http()
      .put(`/api/departments/${mine.id}/connector`)
      .set('authorization', await bearer(admin))
      .send({ url });
    expect(res.status).toBe(200);
    expect(res.body.secret).toMatch(/^whsec_/);
    secret = res.body.secret;

    const again = await t
      .http()
      .put(`/api/departments/${mine.id}/connector`)
      .set('authorization', await bearer(admin))
      .send({ url });
    expect(again.status).toBe(200);
    expect(again.body.secret).toBeUndefined();
    const shown = await t
      .http()
      .get(`/api/departments/${mine.id}/connector`)
      .set('authorization', await bearer(mineUser));
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ url, active: true, events: null });
    expect(shown.body.secret).toBeUndefined();
    const [row] = await t.owner.query(`SELECT secret_sealed FROM department_webhooks WHERE department_id = $1`, [mine.id]);
    expect(row.secret_sealed).not.toContain(secret);
  });

  it('keeps a unit out of another unit’s connector, and non-admins from registering one', async () => {
    expect(
      (
        await t
          .http()
          .get(`/api/departments/${mine.id}/connector`)
          .set('authorization', await bearer(otherUser))
      ).status,
    ).toBe(404);
    expect(
      (
        await t
          .http()
          .get(`/api/departments/${mine.id}/deliveries`)
          .set('authorization', await bearer(otherUser))
      ).status,
    ).toBe(404);
    expect(
      (
        await t
          .http()
          .put(`/api/departments/${mine.id}/connector`)
          .set('authorization', await bearer(mineUser))
          .send({ url })
      ).status,
    ).toBe(403);
  });

  it('issues an API key once and keeps only its hash', async () => {
    const res = await t
      .http()
      .post(`/api/departments/${mine.id}/api-keys`)
      .set('authorization', await bearer(admin))
      .send({ label: '业务系统' });
    expect(res.status).toBe(201);
    apiKey = res.body.key;
    apiKeyId = res.body.id;
    expect(apiKey.length).toBeGreaterThanOrEqual(40);
    const list = await t
      .http()
      .get(`/api/departments/${mine.id}/api-keys`)
      .set('authorization', await bearer(admin));
    expect(list.body).toHaveLength(1);
    expect(list.body[0].key).toBeUndefined();
    const [row] = await t.owner.query(`SELECT key_hash FROM department_api_keys WHERE id = $1`, [apiKeyId]);
    expect(row.key_hash).not.toContain(apiKey);
  });

  it('delivers every dispatched order once the receiver recovers, in order per order, with every attempt logged', async () => {
    // Order A goes first; while its delivery is failing, the unit returns it and the return is approved.
    orders.a = await createOrder('连接器测试甲');
    await dispatch(orders.a, mine);
    await pollUntil(async () => received.length >= 1, { timeoutMs: 15_000, what: 'the first delivery attempt' });
    const ret = await t
      .http()
      .post(`/api/work-orders/${orders.a}/return`)
      .set('authorization', `ApiKey ${apiKey}`)
      .send({ reasonCode: 'function_mismatch', note: '不属于本单位职能' });
    expect(ret.status).toBe(200);
    const review = await t
      .http()
      .post(`/api/work-orders/${orders.a}/return/review`)
      .set('authorization', await bearer(dispatcher))
      .send({ approved: true, departmentId: other.id });
    expect(review.status).toBe(200);
    orders.b = await createOrder('连接器测试乙');
    await dispatch(orders.b, mine);
    orders.c = await createOrder('连接器测试丙');
    await dispatch(orders.c, mine);

    const all = await pollUntil(
      async () => {
        const ds = await deliveries();
        return ds.length === 4 && ds.every((d) => d.status === 'delivered') && ds;
      },
      { timeoutMs: 60_000, intervalMs: 250, what: 'four delivered deliveries' },
    );

    // Every request was signed with the webhook's secret, failed ones included.
    expect(received.length).toBeGreaterThanOrEqual(7);
    for (const r of received) expect(verify(r)).toBe(true);
    expect(received.filter((r) => r.answered === 500)).toHaveLength(3);

    // Delivered exactly once each: one 200 per delivery id, and the events expected.
    const ok = received.filter((r) => r.answered === 200);
    expect(ok.map((r) => r.body.deliveryId).sort()).toEqual(all.map((d) => d.id).sort());
    const byOrder = (id: string) => ok.filter((r) => r.body.order.id === id).map((r) => r.body.event);
    expect(byOrder(orders.a)).toEqual(['order.dispatched', 'order.withdrawn']);
    expect(byOrder(orders.b)).toEqual(['order.dispatched']);
    expect(byOrder(orders.c)).toEqual(['order.dispatched']);

    // In order per order: nothing of order A reached the receiver, not even an attempt, before its
    // dispatch was delivered; and that ordering was really put to the test (the withdrawal existed
    // while the dispatch was still failing).
    const aDispatched = all.find((d) => d.workOrderId === orders.a && d.event === 'order.dispatched')!;
    const aWithdrawn = all.find((d) => d.workOrderId === orders.a && d.event === 'order.withdrawn')!;
    expect(aWithdrawn.sequence).toBeGreaterThan(aDispatched.sequence);
    const firstWithdrawnAttempt = received.findIndex((r) => r.body.deliveryId === aWithdrawn.id);
    const dispatchedSuccess = received.findIndex((r) => r.body.deliveryId === aDispatched.id && r.answered === 200);
    expect(firstWithdrawnAttempt).toBeGreaterThan(dispatchedSuccess);
    expect(new Date(aWithdrawn.createdAt).getTime()).toBeLessThan(new Date(aDispatched.deliveredAt!).getTime());
    expect(aDispatched.attempts).toBeGreaterThan(1);

    // The log: each failed attempt with its 500, then the success.
    const attempts = all.flatMap((d) => d.attemptLog);
    expect(attempts.filter((a) => a.statusCode === 500)).toHaveLength(3);
    expect(attempts.filter((a) => a.statusCode === 200)).toHaveLength(4);
    expect(aDispatched.attemptLog.map((a) => a.statusCode).at(-1)).toBe(200);
    expect(aDispatched.attemptLog.slice(0, -1).every((a) => a.statusCode === 500 && a.error !== null)).toBe(true);
    expect(await deliveries('?status=failed')).toHaveLength(0);

    // Headers and body: the unit's view of the order (masked phone); a withdrawn order only by id and code.
    const bDelivery = ok.find((r) => r.body.order.id === orders.b)!;
    expect(bDelivery.headers['x-hotline-event']).toBe('order.dispatched');
    expect(bDelivery.headers['x-hotline-delivery']).toBe(bDelivery.body.deliveryId);
    expect(bDelivery.headers['x-hotline-sequence']).toBe(String(bDelivery.body.sequence));
    expect(bDelivery.body.order.citizenPhone).toBe('139****5678');
    expect(bDelivery.raw).not.toContain('13912345678');
    expect(Object.keys(ok.find((r) => r.body.event === 'order.withdrawn')!.body.order).sort()).toEqual(['code', 'id']);

    const view = await t
      .http()
      .get(`/api/departments/${mine.id}/connector`)
      .set('authorization', await bearer(admin));
    expect(view.body).toMatchObject({ pending: 0, failed: 0, lastDelivery: { status: 'delivered' } });
  }, 90_000);

  it('lets the unit’s system sign for and reply to its order with its API key, as its system user', async () => {
    const key = `ApiKey ${apiKey}`;
    const list = await t.http().get('/api/work-orders?limit=50').set('authorization', key);
    expect(list.status).toBe(200);
    const ids = list.body.items.map((o: { id: string }) => o.id);
    expect(ids).toEqual(expect.arrayContaining([orders.b, orders.c]));
    expect(ids).not.toContain(orders.a);

    expect((await t.http().post(`/api/work-orders/${orders.b}/sign`).set('x-api-key', apiKey)).status).toBe(200);
    const reply = await t.http().post(`/api/work-orders/${orders.b}/reply`).set('authorization', key).send({ content: '已由业务系统办理完毕。' });
    expect(reply.status).toBe(200);
    expect(reply.body.status).toBe('replied');

    const [row] = await t.owner.query(
      `SELECT u.username, u.active, u.role, u.department_id FROM replies r JOIN users u ON u.id = r.replied_by_id WHERE r.work_order_id = $1`,
      [orders.b],
    );
    expect(row).toMatchObject({ username: `${mine.code}.system`, active: false, role: 'department', department_id: mine.id });
    const login = await t
      .http()
      .post('/api/auth/login')
      .send({ username: `${mine.code}.system`, password: '' });
    expect(login.status).toBeGreaterThanOrEqual(400);
    const [k] = await t.owner.query(`SELECT last_used_at FROM department_api_keys WHERE id = $1`, [apiKeyId]);
    expect(k.last_used_at).not.toBeNull();
  });

  it('answers 404 to the key for another unit’s order and 403 outside the routes a system may call', async () => {
    orders.foreign = await createOrder('连接器测试丁');
    await dispatch(orders.foreign, other);
    expect((await t.http().get(`/api/work-orders/${orders.foreign}`).set('x-api-key', apiKey)).status).toBe(404);
    expect((await t.http().post(`/api/work-orders/${orders.foreign}/sign`).set('x-api-key', apiKey)).status).toBe(404);
    expect((await t.http().get(`/api/work-orders/${orders.c}/contact`).set('x-api-key', apiKey)).status).toBe(403);
    expect((await t.http().post(`/api/departments/${mine.id}/api-keys`).set('x-api-key', apiKey).send({})).status).toBe(403);
  });

  it('refuses a wrong key and a revoked key with 401', async () => {
    expect((await t.http().get('/api/work-orders').set('authorization', 'ApiKey hk_not-a-real-key')).status).toBe(401);
    expect((await t.http().get('/api/work-orders').set('x-api-key', `${apiKey}x`)).status).toBe(401);
    const revoked = await t
      .http()
      .delete(`/api/departments/${mine.id}/api-keys/${apiKeyId}`)
      .set('authorization', await bearer(admin));
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    expect((await t.http().get('/api/work-orders').set('authorization', `ApiKey ${apiKey}`)).status).toBe(401);
    expect((await t.http().post(`/api/work-orders/${orders.c}/sign`).set('x-api-key', apiKey)).status).toBe(401);
  });

  it('makes no new deliveries once the webhook is disabled', async () => {
    const off = await t
      .http()
      .delete(`/api/departments/${mine.id}/connector`)
      .set('authorization', await bearer(admin));
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    const id = await createOrder('连接器测试戊');
    await dispatch(id, mine);
    const [event] = await t.owner.query(`SELECT id::text AS id FROM work_order_events WHERE work_order_id = $1 AND type = 'dispatched'`, [id]);
    // The events job hands the event to every reaction in turn, the delivery reaction before the dispatch
    // rollup: once the rollup has folded it, the delivery reaction has considered it, and nothing was logged.
    await pollUntil(
      async () => (await t.owner.query(`SELECT 1 FROM processed_jobs WHERE consumer = 'dispatch-rollup' AND job_key = $1`, [event.id])).length > 0,
      {
        timeoutMs: 20_000,
        what: 'the events job to hand the dispatch to every reaction',
      },
    );
    expect(await t.owner.query(`SELECT 1 FROM deliveries WHERE work_order_id = $1`, [id])).toHaveLength(0);
  }, 30_000);

  it('rotates the signing secret, answering the new one once', async () => {
    const res = await t
      .http()
      .post(`/api/departments/${mine.id}/connector/rotate-secret`)
      .set('authorization', await bearer(admin));
    expect(res.status).toBe(200);
    expect(res.body.secret).toMatch(/^whsec_/);
    expect(res.body.secret).not.toBe(secret);
    const shown = await t
      .http()
      .get(`/api/departments/${mine.id}/connector`)
      .set('authorization', await bearer(admin));
    expect(shown.body.secret).toBeUndefined();
    expect(new Date(shown.body.secretRotatedAt).getTime()).toBeGreaterThan(new Date(shown.body.createdAt).getTime());
  });

  describe('a receiver that never recovers', () => {
    let down: Server;
    let downUrl: string;
    let unit: TestDepartment;
    const hits: number[] = [];

    beforeAll(async () => {
      down = createServer((req, res) => {
        req.resume();
        req.on('end', () => {
          hits.push(Date.now());
          res.statusCode = 503;
          res.end('maintenance');
        });
      });
      await new Promise<void>((resolve) => down.listen(0, '127.0.0.1', resolve));
      downUrl = `http://127.0.0.1:${(down.address() as AddressInfo).port}/in`;
      unit = await createDepartment(t.owner, { kind: 'utility', name: '测试供热' });
      const reg = await t
        .http()
        .put(`/api/departments/${unit.id}/connector`)
        .set('authorization', await bearer(admin))
        .send({ url: downUrl, events: ['order.dispatched'] });
      expect(reg.status).toBe(200);
    });

    afterAll(async () => {
      await new Promise((r) => down?.close(r));
    });

    it('retries with exponential backoff, logging each attempt, until the webhook is disabled', async () => {
      const id = await createOrder('连接器测试己');
      await dispatch(id, unit);
      await pollUntil(async () => hits.length >= 3, { timeoutMs: 20_000, what: 'three attempts' });
      const gap1 = hits[1] - hits[0];
      const gap2 = hits[2] - hits[1];
      // BullMQ's exponential backoff from 1 s: about 1 s, then about 2 s.
      expect(gap1).toBeGreaterThanOrEqual(900);
      expect(gap2).toBeGreaterThanOrEqual(1_800);
      // The receiver sees an attempt a moment before the sender logs it.
      const d = await pollUntil(
        async () => {
          const res = await t
            .http()
            .get(`/api/departments/${unit.id}/deliveries?status=pending`)
            .set('authorization', await bearer(admin));
          const [x] = res.body as DeliveryView[];
          return x && x.attemptLog.length >= 3 && x;
        },
        { timeoutMs: 5_000, what: 'three logged attempts' },
      );
      expect(d.attemptLog.slice(0, 3).map((a) => [a.statusCode, a.error])).toEqual(Array(3).fill([503, 'HTTP 503: maintenance']));

      await t
        .http()
        .delete(`/api/departments/${unit.id}/connector`)
        .set('authorization', await bearer(admin))
        .expect(200);
      const [row] = await t.owner.query(`SELECT status FROM deliveries WHERE id = $1`, [d.id]);
      expect(row.status).toBe('cancelled');
      const before = hits.length;
      await new Promise((r) => setTimeout(r, 4_500));
      expect(hits.length).toBeLessThanOrEqual(before + 1);
    }, 40_000);

    it('gives a delivery up as failed on its last allowed attempt', async () => {
      await t
        .http()
        .put(`/api/departments/${unit.id}/connector`)
        .set('authorization', await bearer(admin))
        .send({ url: downUrl })
        .expect(200);
      // A delivery with no job (as if its job were lost), sent by hand with a budget of one attempt.
      const [w] = await t.owner.query(`SELECT id FROM department_webhooks WHERE department_id = $1`, [unit.id]);
      const [d] = await t.owner.query(
        `INSERT INTO deliveries (webhook_id, department_id, work_order_id, event_id, event, sequence) VALUES ($1, $2, $3, 9000000000, 'order.supervised', 99) RETURNING id`,
        [w.id, unit.id, orders.c],
      );
      const result = await t.worker!.get(DeliveryService).send(d.id, 1);
      expect(result).toEqual({ outcome: 'failed', final: true, error: 'HTTP 503: maintenance' });
      const failed = await t
        .http()
        .get(`/api/departments/${unit.id}/deliveries?status=failed`)
        .set('authorization', await bearer(admin));
      expect(failed.body.map((x: DeliveryView) => [x.id, x.attempts, x.lastStatusCode])).toEqual([[d.id, 1, 503]]);
      const view = await t
        .http()
        .get(`/api/departments/${unit.id}/connector`)
        .set('authorization', await bearer(admin));
      expect(view.body.failed).toBe(1);
    });
  });
});
