-- pgbench script: the PostgreSQL ceiling of intake. One transaction as the api's create runs it
-- (libs/core/src/work-orders/work-orders.service.ts create(), work-order.repository.ts recordEvent(),
-- outbox/outbox.ts enqueue()): scope set_config, the order INSERT with the same columns, the same
-- code expression (sequence minus the day's base) and a 'simple' tsvector of segmented words, then
-- the 'registered' event and its outbox row. Same round trips, no HTTP, no Node.
--   pgbench -n -M prepared -c 50 -j 2 -T 30 -D agent=<agent01 uuid> -f bench/intake/pgbench-order.sql hotline_bench
\set n random(1, 300)
\set p random(10000000, 99999999)
BEGIN;
SELECT set_config('app.scope', 'all', true), set_config('app.scope_path', '', true);
INSERT INTO work_orders (code, status, kind, priority, language, channel, title, content, summary_zh, address, district_code,
    matter_code, citizen_name, citizen_phone, confidential, created_by_id, idempotency_key, search_vector, answer, close_reason, closed_at,
    created_at, updated_at)
  VALUES (to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || '-' || lpad((nextval('work_order_seq')
      - coalesce((SELECT base FROM work_order_code_days WHERE day = (now() AT TIME ZONE 'Asia/Shanghai')::date), 0))::text, 6, '0'),
    'registered', 'complaint', 'normal', 'zh', 'phone', '夜间施工噪音扰民',
    '胜利路' || (:n)::text || '号附近：工地每晚十一点后仍在施工，噪音很大，影响休息', NULL, '胜利路' || (:n)::text || '号', '150802',
    NULL, '张三', '138' || (:p)::text, false, (:agent)::uuid, NULL,
    to_tsvector('simple', '夜间 施工 噪音 扰民 胜利 胜利路 ' || (:n)::text || ' 号 附近 工地 每晚 十一 点后 仍 在 施工 噪音 很大 影响 休息'),
    NULL, NULL, NULL, now(), now())
  RETURNING id AS wo_id, code, status, kind, priority, language, channel, title, content, created_at, updated_at, version \gset
INSERT INTO work_order_events (work_order_id, type, actor_id, actor_role, from_status, to_status, details)
  VALUES ((:wo_id)::uuid, 'registered', (:agent)::uuid, 'agent', NULL, 'registered',
    '{"channel":"phone","kind":"complaint","priority":"normal","language":"zh"}'::jsonb)
  RETURNING id AS ev_id \gset
INSERT INTO outbox (queue_name, job_name, payload)
  VALUES ('events', 'work-order.changed', jsonb_build_object('eventId', (:ev_id)::text, 'workOrderId', (:wo_id)::text, 'type', 'registered'));
END;
