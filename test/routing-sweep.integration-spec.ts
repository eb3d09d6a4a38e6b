// The routing sweep routes registered orders whose routing job never arrived (lost with Redis). At
// boot and every hour it reads every registered order; in between, only those registered since a
// little before the previous pass's cutoff, so its 10 s query stays a short range of an index. Its own
// database and no worker: no routing job ever arrives, and no other file's sweep routes these orders.
import { RoutingService } from '@hotline/core';
import { type IsolatedDatabase, type TestApp, type TestUser, bootTestApp, createIsolatedDatabase, createUser } from '@hotline/testing';
import { FULL_ROUTING_SWEEP_EVERY_MS, RoutingSweep } from '../apps/worker/src/processors/routing-sweep';

describe('routing sweep', () => {
  let db: IsolatedDatabase | undefined;
  let t: TestApp | undefined;
  let agent: TestUser;

  const app = () => t!;
  /** Registers an order (no worker: nothing routes it) and dates it `ageMs` back. */
  const registered = async (title: string, ageMs: number): Promise<string> => {
    const res = await app()
      .http()
      .post('/api/work-orders')
      .set('authorization', `Bearer ${await app().token(agent)}`)
      .send({ kind: 'complaint', priority: 'normal', language: 'zh', channel: 'phone', title, content: `${title}，请尽快处理。` });
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    await app().owner.query(`UPDATE work_orders SET created_at = now() - make_interval(secs => $2) WHERE id = $1`, [id, ageMs / 1000]);
    return id;
  };
  const unrouted = async (ids: string[]): Promise<string[]> => {
    const all = new Set(await app().api.get(RoutingService).unrouted(0, 100_000));
    return ids.filter((id) => all.has(id));
  };
  /** Routed: dispatched by the router, or in the manual queue with its suggestions. */
  const routedState = async (id: string) =>
    (
      (await app().owner.query(
        `SELECT wo.status, EXISTS (SELECT 1 FROM routing_suggestions rs WHERE rs.work_order_id = wo.id) AS queued FROM work_orders wo WHERE wo.id = $1`,
        [id],
      )) as { status: string; queued: boolean }[]
    )[0];

  beforeAll(async () => {
    db = await createIsolatedDatabase('routingsweep');
    t = await bootTestApp({ env: db.env });
    agent = await createUser(t.owner, 'agent');
  }, 90_000);

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('routes every lost order at its first pass, then only recent ones until the hourly full pass', async () => {
    const HOUR = 60 * 60_000;
    const sweep = new RoutingSweep(app().api.get(RoutingService));
    const old = await registered('路灯不亮，两小时前登记', 2 * HOUR);
    const recent = await registered('下水道堵塞，一分钟前登记', 60_000);
    const young = await registered('噪音扰民，刚刚登记', 0);
    expect(await unrouted([old, recent, young])).toEqual([old, recent, young]);

    const boot = Date.now();
    await sweep.sweep(boot);
    // The full pass routed both lost orders; the young one's job may still be on its way.
    expect(await unrouted([old, recent, young])).toEqual([young]);
    for (const id of [old, recent]) {
      const s = await routedState(id);
      expect(s.status !== 'registered' || s.queued).toBe(true);
    }

    // An order dated before the full pass's window cannot appear in practice (created_at is the
    // time of registering); one here shows what a recent pass reads: only the orders since then.
    const beforeWindow = await registered('树木倒伏，早于窗口', 2 * HOUR);
    const sinceFull = await registered('水管爆裂，全量之后登记', 30_000);
    // The young order's job never came either: once past the grace, a recent pass routes it.
    await app().owner.query(`UPDATE work_orders SET created_at = now() - interval '20 seconds' WHERE id = $1`, [young]);
    await sweep.sweep(boot + 10_000);
    expect(await unrouted([beforeWindow, sinceFull, young])).toEqual([beforeWindow]);

    // The hourly full pass reads every registered order again.
    await sweep.sweep(boot + FULL_ROUTING_SWEEP_EVERY_MS);
    expect(await unrouted([beforeWindow])).toEqual([]);
  }, 60_000);
});
