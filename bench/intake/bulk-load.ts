// Bulk-loads BENCH_ORDERS (default 1,000,000) realistic work orders, with their events, straight in
// SQL (generate_series), into the freshly migrated and seeded benchmark database. Runs as the
// schema owner (DATABASE_URL). Text search vectors are built from jieba segments of the templates,
// the same segmentation the api uses (libs/core/src/work-orders/search-text.ts).
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/hotline_bench node -r ./scripts/register.js bench/intake/bulk-load.ts
import { Client } from 'pg';
import { segments } from '../../libs/core/src/work-orders/search-text';
import { DISTRICTS } from '../../libs/database/src/seed/demo-data';
import { NEXT_TIMER_OF_WO, OVERDUE_TIMERS_SQL } from '../../libs/core/src/deadlines/deadline-sql';
import { CLOCK_RUNNING, TIMER_EFFECT, yellowPermille } from '../../libs/core/src/deadlines/deadline-rules';
import { DISPATCH_ROLLUP_CONSUMER } from '../../libs/core/src/metrics/dispatch-metrics.service';
import { SATISFACTION_ROLLUP_CONSUMER } from '../../libs/core/src/metrics/satisfaction.service';

interface Template {
  kind: string;
  title: string;
  content: string;
  /** preferred handling unit (department code) when the order is dispatched */
  dept: string | null;
}

// 20 templates of common 12345 requests; two of them (10 %) mention 噪音 (noise).
const TEMPLATES: Template[] = [
  { kind: 'complaint', title: '夜间施工噪音扰民', content: '工地每晚十一点后仍在施工，噪音很大，严重影响居民休息', dept: 'cgj' },
  { kind: 'complaint', title: '广场舞音响噪音扰民', content: '小区旁广场每晚音响声音过大，噪音扰民，多次劝说无果', dept: 'cgj' },
  { kind: 'help', title: '小区突然停水', content: '小区从早上开始停水，没有提前通知，请尽快恢复供水', dept: 'gongshui' },
  { kind: 'complaint', title: '供暖温度不达标', content: '家中暖气不热，室温不到十六度，老人孩子受冻', dept: 'gongre' },
  { kind: 'report', title: '路灯损坏不亮', content: '路段多盏路灯损坏不亮，夜间出行不安全，请尽快维修', dept: 'cgj' },
  { kind: 'consultation', title: '咨询社保缴费标准', content: '咨询灵活就业人员养老保险缴费标准和办理流程', dept: 'rsj' },
  { kind: 'complaint', title: '拖欠农民工工资', content: '工程项目拖欠农民工工资三个月未支付，多次讨要无果', dept: 'rsj' },
  { kind: 'report', title: '商户占道经营', content: '路边商户占道经营，摆摊设点，影响行人和车辆通行', dept: 'cgj' },
  { kind: 'report', title: '楼顶违章建筑', content: '小区楼顶私搭乱建违章建筑，存在安全隐患', dept: 'zjj' },
  { kind: 'complaint', title: '物业不作为电梯故障', content: '物业公司不作为，电梯长期故障无人维修，老人上下楼困难', dept: 'zjj' },
  { kind: 'report', title: '超市出售过期食品', content: '超市货架上出售过期食品，要求市场监管部门查处', dept: 'scjgj' },
  { kind: 'complaint', title: '出租车拒载绕路', content: '出租车司机拒载并故意绕路多收费，要求处理', dept: 'jtysj' },
  { kind: 'complaint', title: '垃圾清运不及时', content: '垃圾堆放多日无人清运，气味难闻，蚊蝇滋生', dept: 'cgj' },
  { kind: 'consultation', title: '咨询燃气费缴纳方式', content: '咨询燃气费可以通过哪些方式缴纳，是否支持线上缴费', dept: 'ranqi' },
  { kind: 'help', title: '片区突然停电', content: '片区突然停电已经三个小时，请供电公司尽快抢修', dept: 'gongdian' },
  { kind: 'suggestion', title: '建议增设公交线路', content: '新建小区附近没有公交站点，建议增设公交线路方便居民出行', dept: 'jtysj' },
  { kind: 'praise', title: '表扬社区工作人员', content: '感谢社区工作人员耐心帮助办理证件，服务热情周到', dept: null },
  { kind: 'report', title: '工厂夜间偷排废水', content: '工厂夜间偷排废水，河水发黑，气味刺鼻', dept: 'hbj' },
  { kind: 'complaint', title: '学校违规收取资料费', content: '学校违规向学生收取资料费，要求教育部门调查', dept: 'jyj' },
  { kind: 'consultation', title: '咨询异地就医报销', content: '咨询异地就医医保报销需要准备哪些材料和办理流程', dept: 'ybj' },
];

const STREETS = ['胜利路', '新华街', '解放街', '团结路', '车站路', '五一街', '建设路', '朔方路', '光明街', '友谊路', '金川大道', '世纪大道'];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗'];
const GIVEN = ['芳', '伟', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '桂英', '建华', '巴特尔', '乌兰'];
const MN_CONTENT = 'ᠤᠰᠤ ᠲᠠᠰᠤᠷᠠᠭᠰᠠᠨ ᠪᠠᠢᠨ᠎ᠠ᠂ ᠲᠤᠰᠠᠯᠠᠭᠠᠷᠠᠢ';

const N = Number(process.env.BENCH_ORDERS ?? 1_000_000);
const PER_DAY = Math.ceil(N / 365);

/** Loads orders [from, to) and their events on its own connection (temp tables are per session). */
async function loadPart(
  url: string | undefined,
  from: number,
  to: number,
  agentId: string,
  districts: { code: string; name: string }[],
): Promise<{ orders: number; events: number }> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    await db.query(`SET work_mem = '64MB'`);
    // Generated data is consistent by construction: skip the per-row FK triggers during the load.
    await db.query(`SET session_replication_role = replica`);
    // Templates with their usual handling unit (id and path straight from departments).
    await db.query(
      `CREATE TEMP TABLE tpl AS
       SELECT (t.ord - 1)::int AS i, t.kind, t.title, t.content, t.words, d.id AS dept_id, d.path AS dept_path
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS t(kind, title, content, words, dept, ord)
       LEFT JOIN departments d ON d.code = t.dept`,
      [
        TEMPLATES.map((t) => t.kind),
        TEMPLATES.map((t) => t.title),
        TEMPLATES.map((t) => t.content),
        TEMPLATES.map((t) => segments(`${t.title} ${t.content}`).join(' ')),
        TEMPLATES.map((t) => t.dept),
      ],
    );
    await db.query(
      `CREATE TEMP TABLE street AS SELECT (ord - 1)::int AS i, name, words FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS s(name, words, ord)`,
      [STREETS, STREETS.map((x) => segments(x).join(' '))],
    );
    await db.query(`ANALYZE tpl; ANALYZE street`);

    // One row per order: i runs in time order (oldest day first), PER_DAY orders a day, the last day
    // being yesterday in the business time zone; codes YYYYMMDD-9NNNNN never meet the api's codes
    // (which count up from 000001 each day and start from today).
    const sql = `
      WITH p AS (
        SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date AS today,
               array_agg(id ORDER BY code) AS unit_ids, array_agg(path ORDER BY code) AS unit_paths, count(*)::int AS nunits,
               $4::text[] AS dist_codes, $5::text[] AS dist_names, $6::text[] AS dist_words, cardinality($4::text[]) AS ndist
        FROM departments WHERE kind <> 'centre'
      ),
      g AS (
        SELECT i,
               365 - (i / ${PER_DAY}) AS d,
               i % ${PER_DAY} AS n,
               random() AS r_status, random() AS r_prio, random() AS r_chan, random() AS r_dist,
               random() AS r_lang, random() AS r_misc, random() AS r_unit,
               (random() * 1e9)::bigint AS r_num
        FROM generate_series(${from}, ${to - 1}) AS i
      ),
      x AS (
        SELECT g.*, p.today - g.d AS day,
               (((p.today - g.d)::timestamp + make_interval(secs => g.n * 86399.0 / ${PER_DAY} + random() * 20)) AT TIME ZONE 'Asia/Shanghai') AS created,
               t.kind, t.title, t.content, t.words,
               s.name AS street, s.words AS street_words,
               -- district: the central district (first code, 临河区) takes about 40 % of the calls; 10 % have none
               CASE WHEN g.r_dist < 0.40 THEN 1 WHEN g.r_dist < 0.90 THEN 1 + (g.r_num % p.ndist)::int END AS k,
               -- A real centre's open orders are recent: older than 30 days an order is finished (closed after
               -- handling), and only yesterday's and today's wait for a dispatcher.
               CASE WHEN g.r_status < 0.20 AND (g.d > 30 OR (g.r_status < 0.03 AND g.d > 2)) THEN 'closed'
                    WHEN g.r_status < 0.03 THEN 'registered'
                    WHEN g.r_status < 0.08 THEN 'dispatched'
                    WHEN g.r_status < 0.13 THEN 'accepted'
                    WHEN g.r_status < 0.14 THEN 'return_requested'
                    WHEN g.r_status < 0.20 THEN 'replied'
                    WHEN g.r_status < 0.67 THEN 'closed'        -- closed after handling by a unit
                    WHEN g.r_status < 0.92 THEN 'closed_direct' -- answered directly by the agent
                    WHEN g.r_status < 0.97 THEN 'rejected'
                    WHEN g.r_status < 0.99 THEN 'merged'
                    ELSE 'transferred' END AS st,
               CASE WHEN g.r_prio < 0.85 THEN 'normal' WHEN g.r_prio < 0.97 THEN 'urgent' ELSE 'critical' END AS priority,
               CASE WHEN g.r_chan < 0.70 THEN 'phone' WHEN g.r_chan < 0.78 THEN 'web' WHEN g.r_chan < 0.86 THEN 'app'
                    WHEN g.r_chan < 0.96 THEN 'wechat' WHEN g.r_chan < 0.98 THEN 'sms' WHEN g.r_chan < 0.99 THEN 'police110'
                    ELSE 'letter' END AS channel,
               CASE WHEN g.r_lang < 0.03 THEN 'mn' ELSE 'zh' END AS language,
               -- handling unit: the template's usual unit 70 % of the time, else any unit of the city
               CASE WHEN t.dept_id IS NOT NULL AND g.r_unit < 0.70 THEN t.dept_id ELSE p.unit_ids[1 + (g.r_num % p.nunits)::int] END AS unit_id,
               CASE WHEN t.dept_id IS NOT NULL AND g.r_unit < 0.70 THEN t.dept_path ELSE p.unit_paths[1 + (g.r_num % p.nunits)::int] END AS unit_path,
               p.dist_codes, p.dist_names, p.dist_words
        FROM g CROSS JOIN p
        JOIN tpl t ON t.i = (g.r_num / 7) % ${TEMPLATES.length}
        JOIN street s ON s.i = (g.r_num / 151) % ${STREETS.length}
      ),
      y AS (
        SELECT x.*,
               x.st IN ('dispatched', 'accepted', 'return_requested', 'replied', 'closed') AS handled,
               x.created + make_interval(mins => 5 + (x.r_misc * 115)::int) AS dispatched,
               CASE x.priority WHEN 'critical' THEN interval '1 day' WHEN 'urgent' THEN interval '3 days' ELSE interval '10 days' END AS limit_,
               coalesce(x.dist_names[x.k], '') || x.street || (1 + x.r_num % 300) || '号' AS addr
        FROM x
      ),
      ins AS (
      INSERT INTO work_orders (id, code, status, kind, priority, language, channel, title, content, summary_zh, address, district_code,
        citizen_name, citizen_phone, confidential, department_id, department_path, dispatch_count, hop_count, dispatched_at, sign_due_at,
        clock_start_at, due_at, answer, reject_reason, close_reason, created_by_id, search_vector, created_at, updated_at, accepted_at,
        replied_at, closed_at, version)
      SELECT
        -- a version 7 id of its created_at, as the api makes them (uuid-v7.ts): the time in its first 48 bits
        encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) PLACING substring(int8send(floor(extract(epoch FROM y.created) * 1000)::bigint) FROM 3)
          FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid,
        to_char(y.day, 'YYYYMMDD') || '-' || lpad((900000 + y.n)::text, 6, '0'),
        CASE y.st WHEN 'closed_direct' THEN 'closed' ELSE y.st END,
        y.kind, y.priority, y.language, y.channel,
        y.title,
        CASE WHEN y.language = 'mn' THEN '${MN_CONTENT}' ELSE y.addr || '附近：' || y.content END,
        CASE WHEN y.language = 'mn' THEN y.addr || '附近：' || y.content END,
        y.addr,
        y.dist_codes[y.k],
        ($2::text[])[1 + (y.r_num / 3) % ${SURNAMES.length}] || ($3::text[])[1 + (y.r_num / 11) % ${GIVEN.length}],
        '1' || (ARRAY['3','5','8','9'])[1 + y.r_num % 4] || lpad((y.r_num % 1000000000)::text, 9, '0'),
        y.r_misc < 0.02,
        CASE WHEN y.handled THEN y.unit_id END,
        CASE WHEN y.handled THEN y.unit_path END,
        CASE WHEN y.handled THEN 1 ELSE 0 END,
        CASE WHEN y.handled THEN 1 ELSE 0 END,
        CASE WHEN y.handled THEN y.dispatched END,
        CASE WHEN y.handled THEN y.dispatched + interval '2 hours' END,
        CASE WHEN y.handled THEN y.dispatched END,
        CASE WHEN y.handled THEN y.dispatched + y.limit_ END,
        CASE WHEN y.st IN ('replied', 'closed') THEN '已安排工作人员现场核实处理，问题已解决。'
             WHEN y.st = 'closed_direct' THEN '已按相关政策向市民作出解答。' END,
        CASE WHEN y.st = 'rejected' THEN '不属于12345受理范围' END,
        CASE y.st WHEN 'closed_direct' THEN 'answered_directly'
                  WHEN 'closed' THEN CASE WHEN y.r_misc < 0.85 THEN 'satisfied' ELSE 'survey_not_rated' END END,
        $1::uuid,
        to_tsvector('simple', y.words || ' ' || coalesce(y.dist_words[y.k], '') || ' ' || y.street_words || ' ' || (1 + y.r_num % 300)),
        y.created,
        y.created + interval '3 days',
        CASE WHEN y.st IN ('accepted', 'return_requested', 'replied', 'closed') THEN y.dispatched + interval '40 minutes' END,
        CASE WHEN y.st IN ('replied', 'closed') THEN y.dispatched + y.limit_ / 2 END,
        CASE WHEN y.st = 'closed' THEN y.dispatched + y.limit_ * 0.8
             WHEN y.st IN ('closed_direct', 'rejected', 'merged', 'transferred') THEN y.created + interval '6 minutes' END,
        CASE y.st WHEN 'registered' THEN 1 WHEN 'dispatched' THEN 2 WHEN 'accepted' THEN 3 WHEN 'return_requested' THEN 4
                  WHEN 'replied' THEN 4 WHEN 'closed' THEN 6 ELSE 2 END
      FROM y
      RETURNING id, status, close_reason, created_by_id, channel, kind, priority, language, created_at, updated_at
      )
      -- the history: a 'registered' event for every order and one for its latest transition
      INSERT INTO work_order_events (work_order_id, type, actor_id, actor_role, from_status, to_status, details, occurred_at)
      SELECT id, 'registered', created_by_id, 'agent', NULL, 'registered',
             jsonb_build_object('channel', channel, 'kind', kind, 'priority', priority, 'language', language), created_at
      FROM ins
      UNION ALL
      SELECT id, CASE status WHEN 'accepted' THEN 'signed'
                             WHEN 'closed' THEN CASE WHEN close_reason = 'answered_directly' THEN 'answered_directly' ELSE 'surveyed' END
                             ELSE status END,
             NULL, 'system', 'registered', status, '{}'::jsonb, updated_at
      FROM ins WHERE status <> 'registered'`;
    const res = await db.query(sql, [
      agentId,
      SURNAMES,
      GIVEN,
      districts.map((d) => d.code),
      districts.map((d) => d.name),
      districts.map((d) => segments(d.name).join(' ')),
    ]);
    const events = res.rowCount ?? 0;
    return { orders: to - from, events };
  } finally {
    await db.end();
  }
}

/**
 * Leaves what the worker would have left for these orders, so the measured phase does not share the
 * machine with the worker catching up on a year of history: the router's word on every order still
 * waiting for a dispatcher (routing_suggestions; else the routing sweep routes them), the supervisions
 * of every timer already past (the same query as the deadline sweep) and each open order's next
 * timer, a survey task (回访) per replied order, and the rate rollups' place in the event log: past the loaded history (else the
 * rollup sweep folds a year of events, 20,000 a minute, while the creates are measured). The rollup
 * tables themselves are left empty: the bench measures intake, not the rates of the loaded year.
 */
async function settle(db: Client, step: (s: string) => void): Promise<void> {
  await db.query(
    `INSERT INTO routing_suggestions (work_order_id, suggestions, model_version, reason, created_at)
     SELECT id, '[]'::jsonb, NULL, 'no unit above the confidence threshold: left for a dispatcher', created_at + interval '2 seconds'
     FROM work_orders WHERE status = 'registered' ON CONFLICT DO NOTHING`,
  );
  // The load ran without triggers: each open order's next timer (next_timer_at, which the sweep's
  // query reads), then again once the timers already past have their supervisions.
  const nextTimers = () => db.query(`UPDATE work_orders wo SET next_timer_at = ${NEXT_TIMER_OF_WO} WHERE wo.status = ANY($1::varchar[])`, [CLOCK_RUNNING]);
  await nextTimers();
  const kinds = Object.keys(TIMER_EFFECT) as (keyof typeof TIMER_EFFECT)[];
  await db.query(`SET session_replication_role = replica`);
  const timers = await db.query(
    `INSERT INTO supervisions (work_order_id, department_id, kind, source, note, issued_by_id, issued_at, trigger, due_at)
     SELECT t.id, wo.department_id, e.supervision, 'automatic', e.note, NULL, t.due_at, t.kind, t.due_at
     FROM (${OVERDUE_TIMERS_SQL.replace('LIMIT $4', '')}) t
     JOIN work_orders wo ON wo.id = t.id
     JOIN unnest($4::text[], $6::text[], $7::text[]) AS e(kind, supervision, note) ON e.kind = t.kind
     ON CONFLICT DO NOTHING`,
    [new Date(), yellowPermille(0.8), CLOCK_RUNNING, kinds, null, kinds.map((k) => TIMER_EFFECT[k].supervision), kinds.map((k) => TIMER_EFFECT[k].note)],
  );
  await db.query(`SET session_replication_role = DEFAULT`);
  await nextTimers();
  const tasks = await db.query(
    `INSERT INTO survey_tasks (work_order_id, replied_at, language, department_id, due_at, overdue, created_at)
     SELECT id, replied_at, language, department_id, date_trunc('day', replied_at) + interval '2 days' - interval '1 millisecond',
            date_trunc('day', replied_at) + interval '2 days' - interval '1 millisecond' <= now(), replied_at
     FROM work_orders WHERE status = 'replied' AND replied_at IS NOT NULL ON CONFLICT DO NOTHING`,
  );
  await db.query(
    `INSERT INTO rollup_watermarks (consumer, last_event_id, updated_at) SELECT $1, coalesce(max(id), 0), now() FROM work_order_events
     ON CONFLICT (consumer) DO UPDATE SET last_event_id = EXCLUDED.last_event_id, updated_at = now()`,
    [DISPATCH_ROLLUP_CONSUMER],
  );
  // The satisfaction sweep looks back 35 days for surveys it has not folded.
  const surveys = await db.query(
    `INSERT INTO processed_jobs (consumer, job_key)
     SELECT $1, id::text FROM work_order_events WHERE type = 'surveyed' AND occurred_at > now() - interval '36 days' ON CONFLICT DO NOTHING`,
    [SATISFACTION_ROLLUP_CONSUMER],
  );
  step(`settled: ${timers.rowCount} supervisions of past timers, ${tasks.rowCount} survey tasks, rollups placed past ${surveys.rowCount} recent surveys`);
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  const db = new Client({ connectionString: url });
  await db.connect();
  const t0 = Date.now();
  const step = (s: string) => console.error(`[bulk-load] ${((Date.now() - t0) / 1000).toFixed(1)}s ${s}`);
  try {
    await db.query(`SET maintenance_work_mem = '512MB'`);
    await db.query(`SET max_parallel_maintenance_workers = 2`);

    const agent = (await db.query(`SELECT id FROM users WHERE username = 'agent01'`)).rows[0] as { id: string } | undefined;
    if (!agent) throw new Error('agent01 is missing: seed the database first');
    // 旗县区 by division code; the first, 临河区 (the city centre), takes the largest share below.
    const districts = [...DISTRICTS].sort((x, y) => x.code.localeCompare(y.code)).map((d) => ({ code: d.code, name: d.nameZh }));
    const units = (await db.query(`SELECT count(*)::int AS n FROM departments WHERE kind <> 'centre'`)).rows[0] as { n: number };
    if (units.n === 0) throw new Error('departments are missing: seed the database first');

    // Secondary indexes are dropped for the load and rebuilt afterwards from their own definitions.
    const indexes = (
      await db.query(
        `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS def
         FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
         WHERE i.indrelid IN ('work_orders'::regclass, 'work_order_events'::regclass) AND NOT i.indisprimary
           AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)`,
      )
    ).rows as { name: string; def: string }[];
    for (const ix of indexes) await db.query(`DROP INDEX "${ix.name}"`);
    step(`dropped ${indexes.length} secondary indexes`);

    // Two sessions, one per core: the oldest half and the newest half of the year.
    const half = Math.floor(N / PER_DAY / 2) * PER_DAY;
    const parts = await Promise.all([loadPart(url, 0, half, agent.id, districts), loadPart(url, half, N, agent.id, districts)]);
    step(`inserted ${parts.reduce((a, p) => a + p.orders, 0)} work orders and ${parts.reduce((a, p) => a + p.events, 0)} events`);

    for (const ix of indexes) {
      await db.query(ix.def);
      step(`rebuilt ${ix.name}`);
    }
    await settle(db, step);
    await db.query(`VACUUM (ANALYZE) work_orders`);
    await db.query(`VACUUM (ANALYZE) work_order_events`);
    await db.query(`ANALYZE`);
    step('vacuumed and analyzed');
  } finally {
    await db.end();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
