// work_orders.next_timer_at, the deadline sweep's index, as PostgreSQL's triggers keep it: it follows
// an order through dispatch, fired timers, signing, an extension, a deleted supervision and the
// reply; it follows the yellow-light setting; the SQL timers (the sweep's work_order_timers and the
// triggers' work_order_next_timer) agree with deadline-rules.ts timersFor on generated orders; and
// the sweep's queries find what is due, then nothing, and set right a value that came out early;
// the hourly check sets right one written behind the triggers' back.
// A database of its own: the test changes a setting every order depends on.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { WORK_ORDER_STATUSES, type WorkOrderStatus } from '@hotline/contracts';
import { CLOCK_RUNNING, TIMER_EFFECT, type Timer, type TimerOrder, timersFor, yellowPermille } from '@hotline/core';
import { dataSourceOptions } from '@hotline/database';
import { type IsolatedDatabase, type TestDepartment, createDepartment, createIsolatedDatabase } from '@hotline/testing';
import { NEXT_TIMERS_RECHECK_SQL, NEXT_TIMER_OF_WO, OVERDUE_TIMERS_SQL, STALE_NEXT_TIMERS_SQL } from '../libs/core/src/deadlines/deadline-sql';

const DAY = 86_400_000;
/** Far enough ahead that no sweep running on real time finds these timers due. */
const T0 = new Date('2031-03-03T02:00:00.000Z').getTime();

interface Row {
  status: WorkOrderStatus;
  dispatchedAt: Date | null;
  signDueAt: Date | null;
  clockStartAt: Date | null;
  dueAt: Date | null;
}

/** The earliest unfired timer by the rules. */
function expectedNext(o: Row, fraction: number, fired: Timer[]): number | null {
  const firedKeys = new Set(fired.map((t) => `${t.kind}@${t.dueAt.getTime()}`));
  const left = timersFor({ ...o, repliedAt: null } as TimerOrder, { yellowLightFraction: fraction }).filter(
    (t) => !firedKeys.has(`${t.kind}@${t.dueAt.getTime()}`),
  );
  return left.length ? Math.min(...left.map((t) => t.dueAt.getTime())) : null;
}

describe('next_timer_at, the deadline sweep index', () => {
  let db: IsolatedDatabase;
  let owner: DataSource;
  let app: DataSource;
  let unit: TestDepartment;
  let creator: string;

  beforeAll(async () => {
    db = await createIsolatedDatabase('nexttimer');
    owner = await new DataSource(dataSourceOptions(db.cfg, 'owner')).initialize();
    app = await new DataSource(dataSourceOptions(db.cfg, 'app')).initialize();
    unit = await createDepartment(owner, { kind: 'city_bureau' });
    creator = ((await owner.query(`SELECT id FROM users ORDER BY username LIMIT 1`)) as { id: string }[])[0].id;
  }, 120_000);

  afterAll(async () => {
    await app?.destroy();
    await owner?.destroy();
    await db?.drop();
  });

  /**
   * An application-role statement in a transaction with a scope, as the services run them: every unit
   * (a dispatcher, the worker) or, with a path, one unit's (its handler). The RLS policy reads both.
   */
  const asApp = (sql: string, params: unknown[], unitPath?: string) =>
    app.transaction(async (m) => {
      await m.query(`SELECT set_config('app.scope', $1, true), set_config('app.scope_path', $2, true)`, [unitPath ? 'department' : 'all', unitPath ?? '']);
      return m.query(sql, params) as Promise<unknown>;
    });
  const appDs = { query: (sql: string, params: unknown[]) => asApp(sql, params) } as unknown as DataSource;

  /** An order a unit holds: dispatched at T0, sign-for due a day later, completion due in 10 days. */
  const held = (status: WorkOrderStatus): Row => ({
    status,
    dispatchedAt: new Date(T0),
    signDueAt: new Date(T0 + DAY),
    clockStartAt: new Date(T0),
    dueAt: new Date(T0 + 10 * DAY),
  });

  async function insertOrder(o: Row, ds: DataSource = owner, into: TestDepartment = unit): Promise<string> {
    const id = randomUUID();
    await ds.query(
      `INSERT INTO work_orders (id, code, status, kind, priority, language, channel, title, content, created_by_id, department_id, department_path,
                                dispatched_at, sign_due_at, clock_start_at, due_at)
       VALUES ($1, $2, $3, 'help', 'normal', 'zh', 'phone', '路灯不亮', '小区门口路灯坏了', $4, $5, $6, $7, $8, $9, $10)`,
      [id, `t${id.slice(0, 18)}`, o.status, creator, into.id, into.path, o.dispatchedAt, o.signDueAt, o.clockStartAt, o.dueAt],
    );
    return id;
  }
  const nextOf = async (id: string, ds: DataSource = owner): Promise<number | null> => {
    const [row] = (await ds.query(`SELECT next_timer_at FROM work_orders WHERE id = $1`, [id])) as { next_timer_at: Date | null }[];
    return row.next_timer_at ? row.next_timer_at.getTime() : null;
  };
  const fire = (id: string, t: Timer, ds: DataSource = owner) =>
    ds.query(
      `INSERT INTO supervisions (work_order_id, department_id, kind, source, note, issued_at, trigger, due_at)
       VALUES ($1, $2, $3, 'automatic', $4, $5, $6, $5)`,
      [id, unit.id, TIMER_EFFECT[t.kind as keyof typeof TIMER_EFFECT].supervision, TIMER_EFFECT[t.kind as keyof typeof TIMER_EFFECT].note, t.dueAt, t.kind],
    );
  const setFraction = (fraction: number) =>
    owner.query(`UPDATE settings SET value = $1::jsonb WHERE key = 'yellow_light_fraction'`, [JSON.stringify(fraction)]);

  it('follows an order through dispatch, its timers, signing, an extension and the reply, under the application role', async () => {
    const at = (ms: number) => new Date(T0 + ms);
    const id = await insertOrder({ status: 'registered', dispatchedAt: null, signDueAt: null, clockStartAt: null, dueAt: null }, appDs);
    expect(await nextOf(id)).toBeNull();

    // Dispatched: the sign-for deadline comes first.
    const dispatched = { status: 'dispatched' as const, dispatchedAt: at(0), signDueAt: at(DAY), clockStartAt: at(0), dueAt: at(10 * DAY) };
    await asApp(`UPDATE work_orders SET status = $2, dispatched_at = $3, sign_due_at = $4, clock_start_at = $5, due_at = $6 WHERE id = $1`, [
      id,
      dispatched.status,
      dispatched.dispatchedAt,
      dispatched.signDueAt,
      dispatched.clockStartAt,
      dispatched.dueAt,
    ]);
    expect(await nextOf(id)).toBe(T0 + DAY);

    // Each fired timer hands over to the next: the escalation one sign-for period later, then the yellow light at 80 %.
    await fire(id, { kind: 'sign_overdue', dueAt: at(DAY) }, appDs);
    expect(await nextOf(id)).toBe(T0 + 2 * DAY);
    await fire(id, { kind: 'sign_escalation', dueAt: at(2 * DAY) }, appDs);
    expect(await nextOf(id)).toBe(T0 + 8 * DAY);

    // Signed: the sign-for timers no longer apply; the completion clock's do.
    await asApp(`UPDATE work_orders SET status = 'accepted' WHERE id = $1`, [id], unit.path);
    expect(await nextOf(id)).toBe(T0 + 8 * DAY);

    // An extension moves the due time, and the yellow light with it.
    await asApp(`UPDATE work_orders SET due_at = $2 WHERE id = $1`, [id, at(20 * DAY)]);
    expect(await nextOf(id)).toBe(T0 + 16 * DAY);
    await fire(id, { kind: 'due_soon', dueAt: at(16 * DAY) }, appDs);
    expect(await nextOf(id)).toBe(T0 + 20 * DAY);

    // A supervision deleted (by hand): its timer is pending again.
    await owner.query(`DELETE FROM supervisions WHERE work_order_id = $1 AND trigger = 'due_soon'`, [id]);
    expect(await nextOf(id)).toBe(T0 + 16 * DAY);

    // An update that moves no clock leaves it; the reply stops the clock.
    await asApp(`UPDATE work_orders SET title = '路灯仍不亮' WHERE id = $1`, [id], unit.path);
    expect(await nextOf(id)).toBe(T0 + 16 * DAY);
    await asApp(`UPDATE work_orders SET status = 'replied' WHERE id = $1`, [id], unit.path);
    expect(await nextOf(id)).toBeNull();

    // Reopened (重办) to the same unit: only the timers not fired before count.
    await asApp(`UPDATE work_orders SET status = 'dispatched' WHERE id = $1`, [id]);
    expect(await nextOf(id)).toBe(T0 + 16 * DAY);
  });

  it('follows the yellow-light setting: every open order moves with it', async () => {
    const o = held('accepted');
    const id = await insertOrder(o);
    expect(await nextOf(id)).toBe(T0 + 8 * DAY);
    try {
      await setFraction(0.5);
      expect(await nextOf(id)).toBe(T0 + 5 * DAY);
      // A new order written afterwards uses the new setting too.
      expect(await nextOf(await insertOrder(o))).toBe(T0 + 5 * DAY);
    } finally {
      await setFraction(0.8);
    }
    expect(await nextOf(id)).toBe(T0 + 8 * DAY);
  });

  it('computes the same timers as deadline-rules.ts on generated orders, in both SQL functions', async () => {
    const instant = fc.option(
      fc.integer({ min: 0, max: 30 * DAY }).map((ms) => new Date(T0 + ms)),
      { nil: null, freq: 5 },
    );
    const order = fc.record({
      status: fc.constantFrom(...WORK_ORDER_STATUSES),
      dispatchedAt: instant,
      signDueAt: instant,
      clockStartAt: instant,
      dueAt: instant,
    });
    const fraction = fc.constantFrom(0.8, 0.8, 0.5, 0.75, 0.333, 1, 0);
    let setting = 0.8;
    await fc.assert(
      fc.asyncProperty(order, fraction, fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), async (o, f, fireMask) => {
        const rules = timersFor({ ...o, repliedAt: null } as TimerOrder, { yellowLightFraction: f });
        // The sweep's function, for the setting as given.
        const fromSql = (await owner.query(`SELECT t.kind, t.due_at FROM work_orders wo CROSS JOIN LATERAL work_order_timers(wo, $2) t WHERE wo.id = $1`, [
          await insertOrder(o),
          yellowPermille(f),
        ])) as { kind: string; due_at: Date }[];
        const key = (ts: { kind: string; dueAt: Date }[]) => ts.map((t) => `${t.kind}@${t.dueAt.getTime()}`).sort();
        expect(key(fromSql.map((r) => ({ kind: r.kind, dueAt: r.due_at })))).toEqual(key(rules));
        // The triggers' function, at the same setting, with some of the timers fired.
        if (f !== setting) {
          await setFraction(f);
          setting = f;
        }
        const id = await insertOrder(o);
        const fired = rules.filter((_, i) => fireMask[i]);
        for (const t of fired) await fire(id, t);
        expect(await nextOf(id)).toBe(expectedNext(o, f, fired));
      }),
      { numRuns: 150 },
    );
    await setFraction(0.8);
  });

  it('sets right a supervision moved to another instant at once, and a value written behind the triggers’ back by the hourly check', async () => {
    const o = held('accepted');
    const id = await insertOrder(o);
    await fire(id, { kind: 'due_soon', dueAt: new Date(T0 + 8 * DAY) });
    expect(await nextOf(id)).toBe(T0 + 10 * DAY);
    // The supervision moved off the yellow-light instant: that timer is pending again.
    await owner.query(`UPDATE supervisions SET due_at = due_at - interval '1 hour' WHERE work_order_id = $1 AND trigger = 'due_soon'`, [id]);
    expect(await nextOf(id)).toBe(T0 + 8 * DAY);

    // A direct write of the column, later than the truth: only the check sees it.
    await owner.query(`UPDATE work_orders SET next_timer_at = $2 WHERE id = $1`, [id, new Date(T0 + 30 * DAY)]);
    const recheck = () => asApp(NEXT_TIMERS_RECHECK_SQL, [unit.path, CLOCK_RUNNING]) as Promise<[unknown[], number]>;
    expect((await recheck())[1]).toBe(1);
    expect(await nextOf(id)).toBe(T0 + 8 * DAY);
    expect((await recheck())[1]).toBe(0);
  });

  it('lets the sweep read what is due, then nothing, and sets right a value that came out early', async () => {
    const o = held('dispatched');
    const unitOnly = await createDepartment(owner, { kind: 'city_bureau' });
    const id = await insertOrder(o, owner, unitOnly);
    const due = (now: number) =>
      asApp(OVERDUE_TIMERS_SQL, [new Date(now), yellowPermille(0.8), CLOCK_RUNNING, 200, unitOnly.path]) as Promise<{ id: string; kind: string }[]>;
    // Before the sign-for deadline nothing; at 2.5 days both sign-for timers.
    expect(await due(T0 + DAY - 1)).toEqual([]);
    expect((await due(T0 + 2.5 * DAY)).map((r) => r.kind)).toEqual(['sign_overdue', 'sign_escalation']);
    await fire(id, { kind: 'sign_overdue', dueAt: new Date(T0 + DAY) }, appDs);
    await fire(id, { kind: 'sign_escalation', dueAt: new Date(T0 + 2 * DAY) }, appDs);
    expect(await due(T0 + 2.5 * DAY)).toEqual([]);

    // A value earlier than the truth (as a trigger reading an old snapshot could leave) is set right, once.
    await owner.query(`UPDATE work_orders SET next_timer_at = $2 WHERE id = $1`, [id, new Date(T0 + DAY)]);
    const correct = () => asApp(STALE_NEXT_TIMERS_SQL, [new Date(T0 + 2.5 * DAY), 200, unitOnly.path]) as Promise<[unknown[], number]>;
    expect((await correct())[1]).toBe(1);
    expect(await nextOf(id)).toBe(T0 + 8 * DAY);
    expect((await correct())[1]).toBe(0);
    const [row] = (await owner.query(`SELECT ${NEXT_TIMER_OF_WO} AS n FROM work_orders wo WHERE wo.id = $1`, [id])) as { n: Date }[];
    expect(row.n.getTime()).toBe(T0 + 8 * DAY);
  });
});
