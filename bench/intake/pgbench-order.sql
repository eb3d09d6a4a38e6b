-- pgbench script: the PostgreSQL ceiling of intake, one order per transaction. The statement the
-- api's create runs for a batch of one (INTAKE_SQL in libs/core/src/work-orders/work-orders.service.ts
-- takes arrays and writes a whole group-committed batch the same way): one statement, one round trip,
-- atomic on its own, that sets the RLS scope for its implicit transaction, inserts the order (same
-- columns, the same code expression: the sequence minus the day's base, a 'simple' tsvector of
-- segmented words, a version 7 id of the moment as the api draws one in Node: uuid-v7.ts), its 'registered' event and the event's outbox row (the routing job). No HTTP,
-- no Node, no worker.
--   pgbench -n -M prepared -c 50 -j 2 -T 30 -D agent=<agent01 uuid> -f bench/intake/pgbench-order.sql hotline_bench
\set n random(1, 300)
\set p random(10000000, 99999999)
WITH scope AS (SELECT set_config('app.scope', 'all', true) AS s, set_config('app.scope_path', '', true) AS p),
  wo AS (
    INSERT INTO work_orders (id, code, status, kind, priority, language, channel, title, content, summary_zh, address, district_code,
      matter_code, citizen_name, citizen_phone, confidential, created_by_id, idempotency_key, search_vector, answer, close_reason, closed_at,
      created_at, updated_at)
    SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
        FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid,
      to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || '-' || lpad((nextval('work_order_seq')
        - (SELECT base FROM work_order_code_days WHERE day = (now() AT TIME ZONE 'Asia/Shanghai')::date))::text, 6, '0'),
      'registered', 'complaint', 'normal', 'zh', 'phone', '夜间施工噪音扰民',
      '胜利路' || (:n)::text || '号附近：工地每晚十一点后仍在施工，噪音很大，影响休息', NULL, '胜利路' || (:n)::text || '号', '150802',
      NULL, '张三', '138' || (:p)::text, false, (:agent)::uuid, NULL,
      to_tsvector('simple', '夜间 施工 噪音 扰民 胜利 胜利路 ' || (:n)::text || ' 号 附近 工地 每晚 十一 点后 仍 在 施工 噪音 很大 影响 休息'),
      NULL, NULL, NULL, now(), now()
    FROM scope
    RETURNING id, code, status, kind, priority, language, channel, title, content, summary_zh, address, district_code, matter_code, citizen_name, citizen_phone, confidential, department_id, department_path, dispatch_count, hop_count, reopen_count, dispatched_at, sign_due_at, clock_start_at, due_at, answer, reject_reason, close_reason, merged_into_id, created_by_id, idempotency_key, created_at, updated_at, accepted_at, replied_at, closed_at, version),
  ev AS (
    INSERT INTO work_order_events (work_order_id, type, actor_id, actor_role, from_status, to_status, details, occurred_at)
    SELECT wo.id, 'registered', wo.created_by_id, 'agent', NULL, 'registered',
      '{"channel":"phone","kind":"complaint","priority":"normal","language":"zh"}'::jsonb, wo.created_at
    FROM wo
    RETURNING id, work_order_id, type),
  ob AS (
    INSERT INTO outbox (queue_name, job_name, payload)
    SELECT 'dispatch', 'order.route', jsonb_build_object('eventId', ev.id::text, 'workOrderId', ev.work_order_id, 'type', ev.type)
    FROM ev)
SELECT id, code, status, kind, priority, language, channel, title, content, summary_zh, address, district_code, matter_code, citizen_name, citizen_phone, confidential, department_id, department_path, dispatch_count, hop_count, reopen_count, dispatched_at, sign_due_at, clock_start_at, due_at, answer, reject_reason, close_reason, merged_into_id, created_by_id, idempotency_key, created_at, updated_at, accepted_at, replied_at, closed_at, version FROM wo;
