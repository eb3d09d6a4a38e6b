// 智能派单: routes registered orders (matter catalogue first, then the text router), suggests units
// while an agent types, keeps the dispatchers' manual queue, and retrains the router from history.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type {
  RoutingModelView,
  RoutingQueueItem,
  RoutingSettingsRequest,
  RoutingSettingsView,
  RoutingSuggestRequest,
  RoutingSuggestResponse,
  RoutingSuggestionView,
} from '@hotline/contracts';
import { CalendarService } from '../calendar/calendar.service';
import { enqueue } from '../outbox/outbox';
import { ALL, type Actor, SYSTEM_ACTOR } from '../shared/actor';
import { CLOCK, type Clock } from '../shared/clock';
import { Conflict, IllegalTransition, InvalidInput } from '../shared/errors';
import { hydrate } from '../shared/hydrate';
import { CLAIM_JOBS, type PreparedStatement, ROUTER_CONSUMER, prepared, runPrepared } from '../shared/prepared';
import { inScope } from '../shared/scoped-transaction';
import { TtlSnapshot } from '../shared/ttl-snapshot';
import { type RoutedDispatch, type RoutingStamp, WorkOrderLifecycleService } from '../work-orders/work-order-lifecycle.service';
import { WorkOrderRepository } from '../work-orders/work-order.repository';
import { WorkOrderEntity } from '../work-orders/work-order.entity';
import { type DistrictEntry, LOCAL, type UnitSuggestion, decide, detectDistrict, namesOf, resolveLabels } from './routing-rules';
import { routingTokens } from './routing-tokens';
import {
  type CatalogueLeafInput,
  type KeywordIndex,
  type RouterModel,
  type TrainingExample,
  buildKeywordIndex,
  rankLabels,
  seedExamples,
  trainRouter,
} from './text-router';

interface Unit {
  id: string;
  code: string;
  nameZh: string;
  kind: string;
  districtCode: string | null;
}

interface Leaf extends CatalogueLeafInput {
  departmentId: string | null;
  districtUnits: Map<string, string>;
}

interface RouterSnapshot {
  version: number | null;
  model: RouterModel;
  keywords: KeywordIndex;
  leaves: Map<string, Leaf>;
  units: Map<string, Unit>;
  directory: DistrictEntry[];
}

interface OrderToRoute {
  id: string;
  status: string;
  title: string;
  content: string;
  summary_zh: string | null;
  address: string | null;
  language: string;
  district_code: string | null;
  matter_code: string | null;
  centre_id: string | null;
  /** The centre's own routing setting, when it has one. */
  mode: 'auto' | 'suggest' | null;
  threshold: number | null;
  returned_by: string[];
}

/** A routing job: the order and the job's key (claimed once in processed_jobs). */
export interface RouteJob {
  workOrderId: string;
  jobKey: string;
}

/** An order going to the manual queue, with the router's suggestions. */
interface ManualEntry {
  workOrderId: string;
  views: RoutingSuggestionView[];
  reason: string;
  modelVersion: number | null;
}

export type RouteOutcome =
  | { outcome: 'dispatched'; departmentId: string; routedBy: 'catalogue' | 'router'; score: number }
  | { outcome: 'manual'; reason: string }
  | { outcome: 'skipped'; reason: string };

/**
 * The orders to route, locked in id order, with every column of the order (the dispatch it may make
 * acts on this row, not on a second read of it), its centre's routing settings and the units that
 * returned it. __COLUMNS__ is the entity's column list (named, so a column added while the worker
 * runs cannot change the statement's result type).
 */
const ORDERS_TO_ROUTE_SQL = `SELECT __COLUMNS__,
          c.id AS centre_id, rs.mode, rs.threshold,
          ARRAY(SELECT DISTINCT rr.department_id::text FROM return_requests rr WHERE rr.work_order_id = wo.id AND rr.status = 'approved') AS returned_by
   FROM work_orders wo
     JOIN users u ON u.id = wo.created_by_id
     LEFT JOIN departments c ON c.id = u.department_id AND c.kind = 'centre'
     LEFT JOIN routing_settings rs ON rs.centre_id = c.id
   WHERE wo.id = ANY($1::uuid[])
   ORDER BY wo.id
   FOR UPDATE OF wo`;

/** Manual-queue entries for a batch; an order already queued keeps its entry. */
const QUEUE_SUGGESTIONS = prepared(
  'queue-suggestions',
  `INSERT INTO routing_suggestions (work_order_id, suggestions, model_version, reason, created_at)
   SELECT v.work_order_id, v.suggestions, v.model_version, v.reason, $5 FROM unnest($1::uuid[], $2::jsonb[], $3::int[], $4::text[])
     AS v(work_order_id, suggestions, model_version, reason)
   ON CONFLICT (work_order_id) DO NOTHING RETURNING work_order_id`,
);

/**
 * The routing sweep's read: registered orders from $3 (NULL: all) to $1 with no manual-queue entry,
 * oldest first, $2 at most. An unnamed statement, so PostgreSQL plans it with the values and a NULL
 * $3 drops out of the index condition.
 */
export const UNROUTED_SQL = `SELECT wo.id FROM work_orders wo
   WHERE wo.status = 'registered' AND wo.created_at < $1 AND ($3::timestamptz IS NULL OR wo.created_at >= $3)
     AND NOT EXISTS (SELECT 1 FROM routing_suggestions rs WHERE rs.work_order_id = wo.id)
   ORDER BY wo.created_at LIMIT $2`;

const SNAPSHOT_TTL_MS = 30_000;
const TOP_K = 3;
/** History the router learns from: the most recent decided dispatches. */
const HISTORY_LIMIT = 50_000;
/** Versions kept in routing_models (dispatch records keep the number, not the model). */
const KEEP_VERSIONS = 20;

@Injectable()
export class RoutingService {
  private readonly log = new Logger(RoutingService.name);
  private readonly snapshot = new TtlSnapshot(() => this.load(), SNAPSHOT_TTL_MS);

  private ordersToRoute?: PreparedStatement;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly calendar: CalendarService,
    private readonly repo: WorkOrderRepository,
    private readonly lifecycle: WorkOrderLifecycleService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  // ---- reference data and the model ---------------------------------------------------------

  private async load(): Promise<RouterSnapshot> {
    const [units, leaves, mdu, latest] = await Promise.all([
      this.ds.query(`SELECT id, code, name_zh AS "nameZh", kind, district_code AS "districtCode" FROM departments WHERE active`) as Promise<Unit[]>,
      this.ds.query(`SELECT id, code, name, keywords, department_id FROM matters WHERE is_leaf AND active`) as Promise<
        { id: string; code: string; name: string; keywords: string[]; department_id: string | null }[]
      >,
      this.ds.query(`SELECT matter_id, district_code, department_id FROM matter_district_units`) as Promise<
        { matter_id: string; district_code: string; department_id: string }[]
      >,
      this.ds.query(`SELECT version, model FROM routing_models ORDER BY version DESC LIMIT 1`) as Promise<{ version: number; model: RouterModel }[]>,
    ]);
    const byMatter = new Map<string, Map<string, string>>();
    for (const r of mdu) byMatter.set(r.matter_id, (byMatter.get(r.matter_id) ?? new Map<string, string>()).set(r.district_code, r.department_id));
    const leafMap = new Map<string, Leaf>();
    for (const l of leaves) {
      const districtUnits = byMatter.get(l.id) ?? new Map<string, string>();
      const label = districtUnits.size > 0 ? LOCAL : l.department_id;
      if (!label) continue;
      leafMap.set(l.code, { code: l.code, name: l.name, keywords: l.keywords, label, departmentId: l.department_id, districtUnits });
    }
    const unitMap = new Map(units.map((u) => [u.id, u]));
    const directory = districtDirectory(units);
    const catalogue = [...leafMap.values()];
    // Before the first training the router still works: on the catalogue alone.
    const model = latest[0]?.model ?? trainRouter(seedExamples(catalogue, routingTokens));
    return { version: latest[0]?.version ?? null, model, keywords: buildKeywordIndex(catalogue), leaves: leafMap, units: unitMap, directory };
  }

  /** After a retrain in this process; other processes pick the new version up within the TTL. */
  private refresh(): void {
    this.snapshot.invalidate();
  }

  private labelOf(unit: Unit | undefined): string | null {
    if (!unit) return null;
    return unit.kind === 'district' || unit.kind === 'street' ? LOCAL : unit.id;
  }

  // ---- ranking --------------------------------------------------------------------------------

  /** The ranked units for a text, leaving out units that already returned the order. */
  private rank(
    snap: RouterSnapshot,
    text: string,
    districtCode: string | null,
    excludeUnits: readonly string[],
  ): { districtCode: string | null; suggestions: UnitSuggestion[] } {
    const district = districtCode ?? detectDistrict(text, snap.directory);
    const government = district ? snap.directory.find((d) => d.districtCode === district)?.governmentId : undefined;
    const exclude = excludeUnits.filter((id) => snap.units.get(id)?.kind !== 'district' && snap.units.get(id)?.kind !== 'street');
    if (government && excludeUnits.includes(government)) exclude.push(LOCAL);
    const ranked = rankLabels(snap.model, snap.keywords, routingTokens(text), { exclude, topK: TOP_K });
    return { districtCode: district, suggestions: resolveLabels(ranked, district, snap.directory) };
  }

  private view(snap: RouterSnapshot, s: UnitSuggestion): RoutingSuggestionView {
    const unit = s.departmentId ? snap.units.get(s.departmentId) : undefined;
    return {
      departmentId: s.departmentId,
      departmentCode: unit?.code ?? null,
      departmentName: unit?.nameZh ?? '属地（区县待定）',
      score: Math.round(s.score * 1000) / 1000,
      source: s.reason.source,
      words: s.reason.words,
      ...(s.reason.matterCodes?.length ? { matterCodes: s.reason.matterCodes } : {}),
    };
  }

  /** POST /api/routing/suggest: what the agent desk shows while the agent types. */
  async suggest(req: RoutingSuggestRequest): Promise<RoutingSuggestResponse> {
    const snap = await this.snapshot.get();
    if (req.districtCode && !snap.directory.some((d) => d.districtCode === req.districtCode)) {
      throw new InvalidInput(`districtCode ${req.districtCode} is not a district of this city`);
    }
    const text = [req.title, req.content, req.address].filter(Boolean).join(' ');
    const r = this.rank(snap, text, req.districtCode ?? null, []);
    return { modelVersion: snap.version, districtCode: r.districtCode, suggestions: r.suggestions.map((s) => this.view(snap, s)) };
  }

  // ---- routing an order (the dispatch job) ----------------------------------------------------

  /**
   * Routes one registered order: the catalogue when its matter names the unit (属地 by district),
   * else the text router; then the centre's mode decides between dispatching and the manual queue.
   * Idempotent: only a registered order is routed, the dispatch itself is guarded by the order's
   * version and the job's processed_jobs record, so a redelivered job or a second worker does nothing.
   */
  async route(workOrderId: string, jobKey: string): Promise<RouteOutcome> {
    try {
      return (await this.routeMany([{ workOrderId, jobKey }]))[0];
    } catch (err) {
      // Someone (a dispatcher, another worker) got there first: nothing to do (the transaction rolled back).
      if (err instanceof IllegalTransition || err instanceof Conflict) return { outcome: 'skipped', reason: err.message };
      throw err;
    }
  }

  /**
   * Routes a batch of orders (the routing jobs that arrived together) in one transaction: the orders
   * are read and locked in one statement (in id order, so two batches cannot deadlock), the jobs
   * claimed in one, and the dispatches and manual-queue entries written in a few statements for the
   * whole batch. The outcomes come back in the order of `jobs`. If anything fails, nothing is written
   * (the caller retries the jobs one by one through route()).
   */
  async routeMany(jobs: readonly RouteJob[]): Promise<RouteOutcome[]> {
    if (jobs.length === 0) return [];
    const snap = await this.snapshot.get();
    const defaults = await this.calendar.settings();
    return inScope(this.ds, ALL, async (m): Promise<RouteOutcome[]> => {
      this.ordersToRoute ??= prepared('orders-to-route', ORDERS_TO_ROUTE_SQL.replace('__COLUMNS__', this.repo.columnList(m, 'wo')), { replan: true });
      const ids = [...new Set(jobs.map((j) => j.workOrderId))];
      const rows = await runPrepared<OrderToRoute & Record<string, unknown>>(m, this.ordersToRoute, [ids]);
      const byId = new Map(rows.map((r) => [r.id, r]));

      const outcomes: RouteOutcome[] = jobs.map(() => ({ outcome: 'skipped', reason: 'no such order' }));
      // The first job of each registered order acts; a second job for the same order in the batch is
      // a duplicate (the order is routed once).
      const acting = new Map<string, number>();
      jobs.forEach((j, i) => {
        const order = byId.get(j.workOrderId);
        if (!order) return;
        if (order.status !== 'registered') outcomes[i] = { outcome: 'skipped', reason: `order is ${order.status}` };
        else if (acting.has(j.workOrderId)) outcomes[i] = { outcome: 'skipped', reason: 'already routed' };
        else acting.set(j.workOrderId, i);
      });
      if (acting.size === 0) return outcomes;

      const keys = [...acting.values()].map((i) => jobs[i].jobKey);
      const claimed = new Set((await runPrepared<{ job_key: string }>(m, CLAIM_JOBS, [ROUTER_CONSUMER, keys])).map((r) => r.job_key));

      const dispatches: (RoutedDispatch & { index: number })[] = [];
      const manual: (ManualEntry & { index: number })[] = [];
      for (const [id, i] of acting) {
        if (!claimed.has(jobs[i].jobKey)) {
          outcomes[i] = { outcome: 'skipped', reason: `routing job ${jobs[i].jobKey} was already processed` };
          continue;
        }
        const order = byId.get(id)!;
        const d = this.decideFor(snap, defaults, order);
        if (d.action === 'dispatch') {
          const stamp: RoutingStamp = { routedBy: d.routedBy, modelVersion: d.modelVersion, score: d.score, reason: d.reason };
          dispatches.push({ index: i, order: hydrate(m, WorkOrderEntity, order), departmentId: d.departmentId, stamp });
          outcomes[i] = { outcome: 'dispatched', departmentId: d.departmentId, routedBy: d.routedBy, score: d.score };
        } else {
          manual.push({ index: i, workOrderId: id, views: d.views, reason: d.reason, modelVersion: d.modelVersion });
          outcomes[i] = { outcome: 'manual', reason: d.reason };
        }
      }
      // On the rows read and locked above (ORDERS_TO_ROUTE … FOR UPDATE), in this transaction.
      await this.lifecycle.dispatchLocked(m, SYSTEM_ACTOR, dispatches);
      const queued = await this.toManualQueue(m, manual);
      for (const e of manual) if (!queued.has(e.workOrderId)) outcomes[e.index] = { outcome: 'skipped', reason: 'already routed' };
      return outcomes;
    });
  }

  /** The pure part of routing one order: the catalogue or the router's ranking, then the centre's mode. */
  private decideFor(
    snap: RouterSnapshot,
    defaults: { routingMode: 'auto' | 'suggest'; routingThreshold: number },
    order: OrderToRoute,
  ):
    | { action: 'dispatch'; departmentId: string; routedBy: 'catalogue' | 'router'; modelVersion: number | null; score: number; reason: string }
    | { action: 'manual'; views: RoutingSuggestionView[]; reason: string; modelVersion: number | null } {
    const excluded = order.returned_by;
    const text = order.language === 'mn' ? `${order.summary_zh ?? ''} ${order.address ?? ''}` : `${order.title} ${order.content} ${order.address ?? ''}`;
    const byCatalogue = this.catalogueUnit(snap, order, text, excluded);
    const suggestions = byCatalogue ? [byCatalogue] : this.rank(snap, text, order.district_code, excluded).suggestions;
    const modelVersion = byCatalogue ? null : snap.version;
    const decision = decide(order.mode ?? defaults.routingMode, order.threshold ?? defaults.routingThreshold, suggestions);
    if (decision.action === 'dispatch') {
      return {
        action: 'dispatch',
        departmentId: decision.departmentId,
        routedBy: byCatalogue ? 'catalogue' : 'router',
        modelVersion,
        score: decision.score,
        reason: reasonText(suggestions[0], snap),
      };
    }
    return { action: 'manual', views: suggestions.map((s) => this.view(snap, s)), reason: decision.reason, modelVersion };
  }

  /** 派单目录: the matter's unit, per district for 属地 matters; null when it cannot decide. */
  private catalogueUnit(snap: RouterSnapshot, order: OrderToRoute, text: string, excluded: readonly string[]): UnitSuggestion | null {
    const leaf = order.matter_code ? snap.leaves.get(order.matter_code) : undefined;
    if (!leaf) return null;
    let unitId: string | null = leaf.departmentId;
    let district: string | null = null;
    if (leaf.districtUnits.size > 0) {
      district = order.district_code ?? detectDistrict(text, snap.directory);
      // Without a district the leaf's fallback unit is responsible (the catalogue says so).
      unitId = (district ? leaf.districtUnits.get(district) : undefined) ?? leaf.departmentId;
    }
    if (!unitId || excluded.includes(unitId)) return null;
    return {
      departmentId: unitId,
      label: leaf.label,
      score: 1,
      reason: { source: 'catalogue', words: [leaf.name], matterCodes: [leaf.code], ...(district ? { districtCode: district } : {}) },
    };
  }

  /**
   * Puts orders in the dispatchers' manual queue: their suggestions and a 'routing_suggested' event
   * each, in the routing transaction (the orders are locked and registered, their jobs claimed).
   * Returns the orders queued now; one already in the queue (the sweep and a late job both looked at
   * it) keeps its one entry and one event.
   */
  private async toManualQueue(m: EntityManager, entries: readonly ManualEntry[]): Promise<Set<string>> {
    if (entries.length === 0) return new Set();
    const inserted = await runPrepared<{ work_order_id: string }>(m, QUEUE_SUGGESTIONS, [
      entries.map((e) => e.workOrderId),
      entries.map((e) => JSON.stringify(e.views)),
      entries.map((e) => e.modelVersion),
      entries.map((e) => e.reason),
      this.clock.now(),
    ]);
    const queued = new Set(inserted.map((r) => r.work_order_id));
    await this.repo.recordEvents(
      m,
      entries
        .filter((e) => queued.has(e.workOrderId))
        .map((e) => ({
          workOrderId: e.workOrderId,
          type: 'routing_suggested',
          actorId: SYSTEM_ACTOR.id,
          actorRole: 'system',
          fromStatus: 'registered',
          toStatus: 'registered',
          details: { reason: e.reason, modelVersion: e.modelVersion, suggestions: e.views.map((v) => ({ departmentId: v.departmentId, score: v.score })) },
        })),
    );
    return queued;
  }

  // ---- the manual queue and settings ---------------------------------------------------------

  /** 待派单: registered orders waiting for a dispatcher, oldest first, with the router's suggestions. */
  async queue(limit = 50): Promise<RoutingQueueItem[]> {
    return inScope(this.ds, ALL, async (m) => {
      const rows = (await m.query(
        `SELECT wo.id, wo.code, wo.kind, wo.priority, wo.language, wo.title, wo.district_code AS "districtCode", wo.created_at AS "createdAt",
                rs.reason, rs.model_version AS "modelVersion", coalesce(rs.suggestions, '[]'::jsonb) AS suggestions
         FROM work_orders wo LEFT JOIN routing_suggestions rs ON rs.work_order_id = wo.id
         WHERE wo.status = 'registered' ORDER BY wo.created_at, wo.id LIMIT $1`,
        [limit],
      )) as (Omit<RoutingQueueItem, 'createdAt'> & { createdAt: Date })[];
      return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
    });
  }

  private async settingsView(centreId: string | null): Promise<RoutingSettingsView> {
    const defaults = await this.calendar.settings();
    const rows = centreId
      ? ((await this.ds.query(`SELECT mode, threshold FROM routing_settings WHERE centre_id = $1`, [centreId])) as {
          mode: 'auto' | 'suggest';
          threshold: number;
        }[])
      : [];
    if (rows[0]) return { centreId: centreId!, mode: rows[0].mode, threshold: rows[0].threshold, inherited: false };
    return { centreId: centreId ?? '', mode: defaults.routingMode, threshold: defaults.routingThreshold, inherited: true };
  }

  /** The settings of every centre (units of kind centre). */
  async listSettings(): Promise<RoutingSettingsView[]> {
    const centres = (await this.ds.query(`SELECT id FROM departments WHERE kind = 'centre' AND active ORDER BY path`)) as { id: string }[];
    return Promise.all(centres.map((c) => this.settingsView(c.id)));
  }

  async updateSettings(actor: Actor, centreId: string, req: RoutingSettingsRequest): Promise<RoutingSettingsView> {
    const centre = (await this.ds.query(`SELECT id FROM departments WHERE id = $1 AND kind = 'centre'`, [centreId])) as unknown[];
    if (centre.length === 0) throw new InvalidInput(`department ${centreId} is not a centre`);
    await this.ds.query(
      `INSERT INTO routing_settings (centre_id, mode, threshold, updated_at, updated_by_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (centre_id) DO UPDATE SET mode = EXCLUDED.mode, threshold = EXCLUDED.threshold, updated_at = EXCLUDED.updated_at, updated_by_id = EXCLUDED.updated_by_id`,
      [centreId, req.mode, req.threshold, this.clock.now(), actor.id],
    );
    return this.settingsView(centreId);
  }

  // ---- training -------------------------------------------------------------------------------

  /** Asks the worker to retrain now (through the outbox, like every job). */
  async requestRetrain(): Promise<void> {
    await this.ds.transaction((m) => enqueue(m, 'routing.retrain', { reason: 'manual' }));
  }

  /**
   * Trains a new version from the catalogue and the history: accepted first-level dispatches that
   * were not returned are positive examples of their unit; approved returns are negative examples
   * of the unit that returned them. A version is stored only when the history changed.
   */
  async retrain(reason: string): Promise<RoutingModelView | null> {
    const snap = await this.load();
    const history = await inScope(this.ds, ALL, (m) => this.history(m));
    const fingerprint = `${history.positives.length}:${history.negatives.length}:${history.newest ?? ''}:${snap.leaves.size}`;
    const latest = (await this.ds.query(`SELECT stats->>'fingerprint' AS fingerprint FROM routing_models ORDER BY version DESC LIMIT 1`)) as {
      fingerprint: string | null;
    }[];
    if (reason !== 'manual' && latest[0]?.fingerprint === fingerprint) return null;

    const label = (departmentId: string) => this.labelOf(snap.units.get(departmentId));
    const examples: TrainingExample[] = seedExamples([...snap.leaves.values()], routingTokens);
    let positives = 0;
    let negatives = 0;
    for (const h of history.positives) {
      const l = label(h.department_id);
      if (!l) continue;
      examples.push({ tokens: routingTokens(h.text), label: l });
      positives++;
    }
    for (const h of history.negatives) {
      const l = label(h.department_id);
      if (!l) continue;
      examples.push({ tokens: routingTokens(h.text), label: l, negative: true });
      negatives++;
    }
    const started = Date.now();
    const model = trainRouter(examples);
    const trainMs = Date.now() - started;
    // The new version and the pruning of old ones commit together. Retrains are serialised (a lock held
    // to the commit) and the history is compared again under it: two retrains that ran at once (the
    // schedule's first run and the bootstrap job at a first boot) store one version, not two.
    const rows = await this.ds.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('routing-retrain'))`);
      if (reason !== 'manual') {
        const newest = (await m.query(`SELECT stats->>'fingerprint' AS fingerprint FROM routing_models ORDER BY version DESC LIMIT 1`)) as {
          fingerprint: string | null;
        }[];
        if (newest[0]?.fingerprint === fingerprint) return [];
      }
      const inserted = (await m.query(
        `INSERT INTO routing_models (algorithm, reason, positives, negatives, labels, model, stats) VALUES ($1, $2, $3, $4, $5, $6, $7)
         RETURNING version, algorithm, reason, trained_at AS "trainedAt", positives, negatives, labels, stats`,
        [model.algorithm, reason, positives, negatives, model.labels.length, JSON.stringify(model), { fingerprint, trainMs, examples: examples.length }],
      )) as (Omit<RoutingModelView, 'trainedAt'> & { trainedAt: Date })[];
      await m.query(`DELETE FROM routing_models WHERE version <= $1`, [inserted[0].version - KEEP_VERSIONS]);
      return inserted;
    });
    if (rows.length === 0) return null;
    this.refresh();
    const v = rows[0];
    this.log.log(`router v${v.version} trained on ${positives} positive and ${negatives} negative examples in ${trainMs} ms`);
    return { ...v, trainedAt: v.trainedAt.toISOString() };
  }

  private async history(m: EntityManager): Promise<{
    positives: { text: string; department_id: string }[];
    negatives: { text: string; department_id: string }[];
    newest: string | null;
  }> {
    const text = `CASE WHEN wo.language = 'mn' THEN coalesce(wo.summary_zh, '') ELSE wo.title || ' ' || wo.content END || ' ' || coalesce(wo.address, '')`;
    const positives = (await m.query(
      `SELECT ${text} AS text, dr.department_id, dr.dispatched_at FROM dispatch_records dr JOIN work_orders wo ON wo.id = dr.work_order_id
       WHERE dr.level = 1 AND dr.accepted_at IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM return_requests rr WHERE rr.dispatch_record_id = dr.id AND rr.status = 'approved')
       ORDER BY dr.dispatched_at DESC LIMIT $1`,
      [HISTORY_LIMIT],
    )) as { text: string; department_id: string; dispatched_at: Date }[];
    const negatives = (await m.query(
      `SELECT ${text} AS text, rr.department_id FROM return_requests rr JOIN work_orders wo ON wo.id = rr.work_order_id
       WHERE rr.status = 'approved' ORDER BY rr.reviewed_at DESC LIMIT $1`,
      [HISTORY_LIMIT],
    )) as { text: string; department_id: string }[];
    return { positives, negatives, newest: positives[0]?.dispatched_at.toISOString() ?? null };
  }

  async models(): Promise<RoutingModelView[]> {
    const rows = (await this.ds.query(
      `SELECT version, algorithm, reason, trained_at AS "trainedAt", positives, negatives, labels, stats FROM routing_models ORDER BY version DESC LIMIT 20`,
    )) as (Omit<RoutingModelView, 'trainedAt'> & { trainedAt: Date })[];
    return rows.map((r) => ({ ...r, trainedAt: r.trainedAt.toISOString() }));
  }

  async hasModel(): Promise<boolean> {
    const rows = (await this.ds.query(`SELECT 1 FROM routing_models LIMIT 1`)) as unknown[];
    return rows.length > 0;
  }

  /**
   * Registered orders the router has not looked at (their job was lost with Redis): the sweep routes
   * them. Orders already in the manual queue are left to the dispatchers. With `since`, only orders
   * registered from then on: a range of the (status, created_at) index instead of every registered
   * order, most of which wait in the manual queue.
   */
  async unrouted(olderThanMs: number, limit = 200, since?: Date): Promise<string[]> {
    return inScope(this.ds, ALL, async (m) => {
      const rows = (await m.query(UNROUTED_SQL, [new Date(this.clock.now().getTime() - olderThanMs), limit, since ?? null])) as { id: string }[];
      return rows.map((r) => r.id);
    });
  }
}

function reasonText(s: UnitSuggestion, snap: RouterSnapshot): string {
  const unit = s.departmentId ? snap.units.get(s.departmentId)?.nameZh : undefined;
  const via =
    s.reason.source === 'catalogue' ? `事项目录 ${s.reason.matterCodes?.join(',') ?? ''}` : `${s.reason.source}: ${s.reason.words.slice(0, 5).join('、')}`;
  return `${via}${s.reason.districtCode ? ` · 属地 ${s.reason.districtCode}` : ''} → ${unit ?? '?'}`;
}

/** District governments with the names callers use for them and for the street offices below them. */
function districtDirectory(units: readonly Unit[]): DistrictEntry[] {
  const governments = units.filter((u) => u.kind === 'district' && u.districtCode);
  return governments.map((g) => ({
    districtCode: g.districtCode!,
    governmentId: g.id,
    names: [
      ...namesOf(g.nameZh, 'district'),
      ...units.filter((u) => u.kind === 'street' && u.districtCode === g.districtCode).flatMap((u) => namesOf(u.nameZh, 'street')),
    ],
  }));
}
