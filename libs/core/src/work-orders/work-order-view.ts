// Entity -> response mapping: masking and hiding of citizen data by role, and the deadline light.
import { DeadlineLight, type Role, type WorkOrderListItem, type WorkOrderView, WorkOrderStatus as S } from '@hotline/contracts';
import { deadlineLight, deadlineLightMs } from '../calendar/working-time';
import { CLOCK_RUNNING } from '../deadlines/deadline-rules';
import { maskName, maskPhone } from '../shared/masking';
import { pgTimestampIso, pgTimestampIsoOrNull, pgTimestampMsOrNull } from '../shared/pg-timestamp';
import type { WorkOrderEntity } from './work-order.entity';
import type { ListRow } from './work-order.repository';

/** The order's deadline fields, as Dates (an entity) or as epoch milliseconds (a list row). */
type LightFields<T> = Pick<WorkOrderEntity, 'status'> & { [K in 'dispatchedAt' | 'signDueAt' | 'clockStartAt' | 'dueAt']: T | null };

const RANK: Record<DeadlineLight, number> = { none: 0, green: 1, yellow: 2, red: 3 };

/**
 * Worst of the sign-for light (while not signed) and the completion light (while open at a unit);
 * `light` is asked only for the windows that apply, so only their instants are read.
 */
function worstLight<T>(o: LightFields<T>, light: (start: T, due: T) => DeadlineLight): DeadlineLight {
  let worst: DeadlineLight = DeadlineLight.None;
  const consider = (l: DeadlineLight) => (worst = RANK[l] > RANK[worst] ? l : worst);
  if (o.status === S.Dispatched && o.dispatchedAt !== null && o.signDueAt !== null) consider(light(o.dispatchedAt, o.signDueAt));
  if ((o.status === S.Dispatched || o.status === S.Accepted || o.status === S.ReturnRequested) && o.clockStartAt !== null && o.dueAt !== null) {
    consider(light(o.clockStartAt, o.dueAt));
  }
  return worst;
}

export function lightOf(o: LightFields<Date>, now: Date, yellowFraction: number): DeadlineLight {
  return worstLight(o, (start, due) => deadlineLight(start, due, now, yellowFraction));
}

/** lightOf on epoch milliseconds (the list reads its timestamps as text, never as Dates). */
export function lightOfMs(o: LightFields<number>, nowMs: number, yellowFraction: number): DeadlineLight {
  return worstLight(o, (start, due) => deadlineLightMs(start, due, nowMs, yellowFraction));
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A confidential order (保密) hides its caller from the handling unit. */
const hidesCaller = (o: Pick<WorkOrderEntity, 'confidential'>, role: Role): boolean => o.confidential && role === 'department';

/**
 * The caller as a view shows it. Phone numbers are masked in every view; the unmasked number is read
 * through the audited contact endpoint. A confidential order (保密) hides the caller entirely from the
 * handling unit.
 */
function callerOf(o: Pick<WorkOrderEntity, 'confidential' | 'citizenName' | 'citizenPhone'>, role: Role): Pick<WorkOrderView, 'citizenName' | 'citizenPhone'> {
  if (hidesCaller(o, role)) return { citizenName: null, citizenPhone: null };
  return { citizenName: maskName(o.citizenName), citizenPhone: maskPhone(o.citizenPhone) };
}

export function toWorkOrderView(o: WorkOrderEntity, role: Role, now: Date, yellowFraction: number): WorkOrderView {
  return {
    id: o.id,
    code: o.code,
    status: o.status,
    kind: o.kind,
    priority: o.priority,
    language: o.language,
    channel: o.channel,
    title: o.title,
    content: o.content,
    summaryZh: o.summaryZh,
    address: o.address,
    districtCode: o.districtCode,
    matterCode: o.matterCode,
    ...callerOf(o, role),
    confidential: o.confidential,
    departmentId: o.departmentId,
    dispatchCount: o.dispatchCount,
    reopenCount: o.reopenCount,
    signDueAt: iso(o.signDueAt),
    dueAt: iso(o.dueAt),
    light: lightOf(o, now, yellowFraction),
    answer: o.answer,
    rejectReason: o.rejectReason,
    closeReason: o.closeReason,
    mergedIntoId: o.mergedIntoId,
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
    acceptedAt: iso(o.acceptedAt),
    repliedAt: iso(o.repliedAt),
    closedAt: iso(o.closedAt),
    version: o.version,
  };
}

/**
 * A list row: the same masking, hiding and light as toWorkOrderView, with the content's preview only.
 * The caller's two fields are written in place (callerOf's rule), not spread: a spread in the middle of
 * the literal builds each item property by property, a larger object that JSON.stringify also walks
 * more slowly (a page has 50 of them, on the api's busiest path).
 */
export function toWorkOrderListItem(o: ListRow, role: Role, now: Date, yellowFraction: number): WorkOrderListItem {
  const hidden = hidesCaller(o, role);
  return {
    id: o.id,
    code: o.code,
    status: o.status,
    kind: o.kind,
    priority: o.priority,
    language: o.language,
    channel: o.channel,
    title: o.title,
    contentPreview: o.contentPreview,
    summaryZh: o.summaryZh,
    address: o.address,
    districtCode: o.districtCode,
    matterCode: o.matterCode,
    citizenName: hidden ? null : maskName(o.citizenName),
    citizenPhone: hidden ? null : maskPhone(o.citizenPhone),
    confidential: o.confidential,
    departmentId: o.departmentId,
    dispatchCount: o.dispatchCount,
    reopenCount: o.reopenCount,
    signDueAt: pgTimestampIsoOrNull(o.signDueAt),
    dueAt: pgTimestampIsoOrNull(o.dueAt),
    // Only a running clock has a light (lightOf): other rows skip reading their timestamps.
    light: CLOCK_RUNNING.includes(o.status)
      ? lightOfMs(
          {
            status: o.status,
            dispatchedAt: pgTimestampMsOrNull(o.dispatchedAt),
            signDueAt: pgTimestampMsOrNull(o.signDueAt),
            clockStartAt: pgTimestampMsOrNull(o.clockStartAt),
            dueAt: pgTimestampMsOrNull(o.dueAt),
          },
          now.getTime(),
          yellowFraction,
        )
      : DeadlineLight.None,
    createdAt: pgTimestampIso(o.createdAt),
    updatedAt: pgTimestampIso(o.updatedAt),
    version: o.version,
  };
}
