import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * work_orders.next_timer_at: the earliest instant of the order's deadline timers (催办 / 督办) that has
 * not fired, or NULL when none is pending. The deadline sweep reads only orders whose instant has
 * come (a partial index), instead of computing the timers of every open order each minute (260 ms
 * with 72,000 open orders, growing with the city's open orders; bench/deadlines/sweep.ts).
 *
 * PostgreSQL keeps it, in the transaction of the change, so no code path can forget it:
 * - work_order_timers(order, permille) gives the timers' instants to the sweep's query, and
 *   work_order_next_timer(order) computes the same instants for the triggers; both are the rules of
 *   deadline-rules.ts timersFor, and a test compares all three on generated orders;
 * - BEFORE triggers on work_orders compute it when an order is written with, or moves, its status or
 *   a clock column;
 * - triggers on supervisions compute it again when a timer's supervision is written, moved or deleted;
 * - triggers on settings compute every open order's again when the yellow-light fraction changes.
 * The statuses are deadline-rules.ts CLOCK_RUNNING. The sweep also sets right any order whose value
 * came out early (STALE_NEXT_TIMERS_SQL), and once an hour every open order's that is wrong either
 * way (NEXT_TIMERS_RECHECK_SQL: the backstop for a write no trigger sees, such as a direct UPDATE of
 * the column).
 */
export class NextTimer1795343000000 implements MigrationInterface {
  name = 'NextTimer1795343000000';

  public async up(q: QueryRunner): Promise<void> {
    // The backfill and the index read every order: no 30 s statement limit for this migration's
    // transaction (it holds work_orders for its length; run it in a quiet hour on a large database).
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(`ALTER TABLE "work_orders" ADD "next_timer_at" TIMESTAMP WITH TIME ZONE`);
    // Plain SQL, STABLE, no SET clause: the planner inlines it into the sweep's query.
    await q.query(`
      CREATE FUNCTION work_order_timers(o work_orders, permille numeric) RETURNS TABLE (kind varchar, due_at timestamptz)
      LANGUAGE sql STABLE AS $$
        SELECT t.kind, t.due_at FROM (VALUES
          ('sign_overdue'::varchar, CASE WHEN o.status = 'dispatched' THEN o.sign_due_at END),
          ('sign_escalation', CASE WHEN o.status = 'dispatched' AND o.dispatched_at IS NOT NULL
             THEN o.sign_due_at + GREATEST(o.sign_due_at - o.dispatched_at, interval '0') END),
          ('due_soon', CASE WHEN o.status IN ('dispatched', 'accepted', 'return_requested') AND o.clock_start_at < o.due_at
             THEN o.clock_start_at + floor(extract(epoch FROM o.due_at - o.clock_start_at) * 1000 * permille / 1000) * interval '1 millisecond' END),
          ('overdue', CASE WHEN o.status IN ('dispatched', 'accepted', 'return_requested') THEN o.due_at END)
        ) AS t(kind, due_at)
        WHERE t.due_at IS NOT NULL
      $$`);
    // The yellow-light setting in thousandths, as a constant the planner folds in: the settings
    // triggers below write this function again whenever the setting changes (CalendarService reads
    // a JSON number, else 0.8; yellowPermille rounds it). A lookup of settings on every dispatch cost
    // 11 µs of the trigger's time.
    await q.query(`CREATE FUNCTION yellow_light_permille() RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT 800::numeric $$`);
    // The earliest timer instant without its supervision, in PL/pgSQL expressions (the same instants
    // as work_order_timers and timersFor). Columns, not the row: a trigger handing over NEW builds the
    // whole row (content, search vector) for every call. Supervisions are read only when some may
    // exist (may_have_fired): not for an order being written for the first time, nor for its first
    // dispatch, the router's hot update; a value that comes out early is set right by the sweep.
    await q.query(`
      CREATE FUNCTION work_order_next_timer(
        order_id uuid, status varchar, dispatched_at timestamptz, sign_due_at timestamptz, clock_start_at timestamptz, due_at timestamptz,
        may_have_fired boolean DEFAULT true
      ) RETURNS timestamptz
      LANGUAGE plpgsql STABLE AS $$
      DECLARE
        kinds varchar[] := '{}';
        instants timestamptz[] := '{}';
        fired_kinds varchar[] := '{}';
        fired_at timestamptz[] := '{}';
        earliest timestamptz;
        fired boolean;
      BEGIN
        IF status = 'dispatched' AND sign_due_at IS NOT NULL THEN
          kinds := kinds || 'sign_overdue'::varchar;
          instants := instants || sign_due_at;
          IF dispatched_at IS NOT NULL THEN
            kinds := kinds || 'sign_escalation'::varchar;
            instants := instants || (sign_due_at + GREATEST(sign_due_at - dispatched_at, interval '0'));
          END IF;
        END IF;
        IF status IN ('dispatched', 'accepted', 'return_requested') AND due_at IS NOT NULL THEN
          IF clock_start_at < due_at THEN
            kinds := kinds || 'due_soon'::varchar;
            instants := instants || (clock_start_at
              + floor(extract(epoch FROM due_at - clock_start_at) * 1000 * yellow_light_permille() / 1000) * interval '1 millisecond');
          END IF;
          kinds := kinds || 'overdue'::varchar;
          instants := instants || due_at;
        END IF;
        IF cardinality(kinds) = 0 THEN
          RETURN NULL;
        END IF;
        IF may_have_fired THEN
          SELECT coalesce(array_agg(s.trigger), '{}'), coalesce(array_agg(s.due_at), '{}') INTO fired_kinds, fired_at
          FROM supervisions s WHERE s.work_order_id = order_id AND s.trigger IS NOT NULL;
        END IF;
        FOR i IN 1 .. cardinality(kinds) LOOP
          IF earliest IS NULL OR instants[i] < earliest THEN
            fired := false;
            FOR j IN 1 .. cardinality(fired_kinds) LOOP
              IF fired_kinds[j] = kinds[i] AND fired_at[j] = instants[i] THEN
                fired := true;
                EXIT;
              END IF;
            END LOOP;
            IF NOT fired THEN
              earliest := instants[i];
            END IF;
          END IF;
        END LOOP;
        RETURN earliest;
      END $$`);
    // SECURITY DEFINER: the instant is the system's bookkeeping, kept whoever's change moved it (and
    // whatever that role may read of supervisions under row-level security). The triggers' WHEN
    // clauses keep the function out of the rows it cannot change: a new order not yet dispatched, an
    // update that moves neither the status nor a clock.
    await q.query(`
      CREATE FUNCTION work_orders_next_timer_trg() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        IF NEW.status IN ('dispatched', 'accepted', 'return_requested') THEN
          -- A new row has no supervisions yet (they reference it), nor has an order never dispatched before.
          NEW.next_timer_at := work_order_next_timer(NEW.id, NEW.status, NEW.dispatched_at, NEW.sign_due_at, NEW.clock_start_at, NEW.due_at,
                                                     CASE WHEN TG_OP = 'UPDATE' THEN OLD.dispatched_at IS NOT NULL ELSE false END);
        ELSE
          NEW.next_timer_at := NULL;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER work_orders_next_timer_insert BEFORE INSERT ON work_orders
      FOR EACH ROW WHEN (NEW.status IN ('dispatched', 'accepted', 'return_requested') OR NEW.next_timer_at IS NOT NULL)
      EXECUTE FUNCTION work_orders_next_timer_trg()`);
    await q.query(`
      CREATE TRIGGER work_orders_next_timer_update BEFORE UPDATE OF status, dispatched_at, sign_due_at, clock_start_at, due_at ON work_orders
      FOR EACH ROW WHEN (NEW.status IS DISTINCT FROM OLD.status OR NEW.dispatched_at IS DISTINCT FROM OLD.dispatched_at
        OR NEW.sign_due_at IS DISTINCT FROM OLD.sign_due_at OR NEW.clock_start_at IS DISTINCT FROM OLD.clock_start_at
        OR NEW.due_at IS DISTINCT FROM OLD.due_at)
      EXECUTE FUNCTION work_orders_next_timer_trg()`);
    await q.query(`
      CREATE FUNCTION supervisions_next_timer_trg() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        UPDATE work_orders wo SET next_timer_at = work_order_next_timer(wo.id, wo.status, wo.dispatched_at, wo.sign_due_at, wo.clock_start_at, wo.due_at)
        WHERE wo.id IN (CASE WHEN TG_OP IN ('DELETE', 'UPDATE') THEN OLD.work_order_id END, CASE WHEN TG_OP IN ('INSERT', 'UPDATE') THEN NEW.work_order_id END)
          AND wo.status IN ('dispatched', 'accepted', 'return_requested');
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER supervisions_next_timer_insert AFTER INSERT ON supervisions
      FOR EACH ROW WHEN (NEW.trigger IS NOT NULL) EXECUTE FUNCTION supervisions_next_timer_trg()`);
    await q.query(`
      CREATE TRIGGER supervisions_next_timer_delete AFTER DELETE ON supervisions
      FOR EACH ROW WHEN (OLD.trigger IS NOT NULL) EXECUTE FUNCTION supervisions_next_timer_trg()`);
    await q.query(`
      CREATE TRIGGER supervisions_next_timer_update AFTER UPDATE OF work_order_id, trigger, due_at ON supervisions
      FOR EACH ROW WHEN (OLD.trigger IS NOT NULL OR NEW.trigger IS NOT NULL) EXECUTE FUNCTION supervisions_next_timer_trg()`);
    // The setting into yellow_light_permille, then every open order's next timer again.
    await q.query(`
      CREATE FUNCTION refresh_yellow_light_permille() RETURNS void
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        permille numeric;
      BEGIN
        -- Writers in flight finish first, and new ones wait for this commit: none can write an
        -- order's next timer with the old constant after the recompute below has passed it.
        LOCK TABLE work_orders IN SHARE ROW EXCLUSIVE MODE;
        SELECT floor((value #>> '{}')::float8 * 1000 + 0.5) INTO permille
        FROM settings WHERE key = 'yellow_light_fraction' AND jsonb_typeof(value) = 'number';
        EXECUTE format('CREATE OR REPLACE FUNCTION yellow_light_permille() RETURNS numeric LANGUAGE sql IMMUTABLE AS %L',
                       format('SELECT %s::numeric', COALESCE(permille, 800)));
        UPDATE work_orders wo SET next_timer_at = work_order_next_timer(wo.id, wo.status, wo.dispatched_at, wo.sign_due_at, wo.clock_start_at, wo.due_at)
        WHERE wo.status IN ('dispatched', 'accepted', 'return_requested');
      END $$`);
    await q.query(`
      CREATE FUNCTION settings_next_timer_trg() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        PERFORM refresh_yellow_light_permille();
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER settings_next_timer_insert AFTER INSERT ON settings
      FOR EACH ROW WHEN (NEW.key = 'yellow_light_fraction') EXECUTE FUNCTION settings_next_timer_trg()`);
    await q.query(`
      CREATE TRIGGER settings_next_timer_update AFTER UPDATE ON settings
      FOR EACH ROW WHEN ((NEW.key = 'yellow_light_fraction' OR OLD.key = 'yellow_light_fraction') AND (NEW.key, NEW.value) IS DISTINCT FROM (OLD.key, OLD.value))
      EXECUTE FUNCTION settings_next_timer_trg()`);
    await q.query(`
      CREATE TRIGGER settings_next_timer_delete AFTER DELETE ON settings
      FOR EACH ROW WHEN (OLD.key = 'yellow_light_fraction') EXECUTE FUNCTION settings_next_timer_trg()`);
    // Only the settings trigger calls it (it locks and rewrites every open order).
    await q.query(`REVOKE EXECUTE ON FUNCTION refresh_yellow_light_permille() FROM PUBLIC`);
    // The setting as it stands, and every open order's next timer.
    await q.query(`SELECT refresh_yellow_light_permille()`);
    await q.query(`CREATE INDEX "ix_work_orders_next_timer" ON "work_orders" ("next_timer_at") WHERE "next_timer_at" IS NOT NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."ix_work_orders_next_timer"`);
    for (const t of ['settings_next_timer_delete', 'settings_next_timer_update', 'settings_next_timer_insert']) await q.query(`DROP TRIGGER ${t} ON settings`);
    await q.query(`DROP TRIGGER supervisions_next_timer_update ON supervisions`);
    await q.query(`DROP TRIGGER supervisions_next_timer_delete ON supervisions`);
    await q.query(`DROP TRIGGER supervisions_next_timer_insert ON supervisions`);
    await q.query(`DROP TRIGGER work_orders_next_timer_update ON work_orders`);
    await q.query(`DROP TRIGGER work_orders_next_timer_insert ON work_orders`);
    for (const f of [
      'settings_next_timer_trg()',
      'refresh_yellow_light_permille()',
      'supervisions_next_timer_trg()',
      'work_orders_next_timer_trg()',
      'work_order_next_timer(uuid, varchar, timestamptz, timestamptz, timestamptz, timestamptz, boolean)',
    ])
      await q.query(`DROP FUNCTION ${f}`);
    await q.query(`DROP FUNCTION yellow_light_permille()`);
    await q.query(`DROP FUNCTION work_order_timers(work_orders, numeric)`);
    await q.query(`ALTER TABLE "work_orders" DROP COLUMN "next_timer_at"`);
  }
}
