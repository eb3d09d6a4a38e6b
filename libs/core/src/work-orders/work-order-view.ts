// Entity -> response mapping: masking and hiding of citizen data by role, and the deadline light.
import { DeadlineLight, type Role, type WorkOrderListItem, type WorkOrderView, WorkOrderStatus as S } from '@hotline/contracts';
import { deadlineLightMs } from '../calendar/working-time';
import { CLOCK_RUNNING } from '../deadlines/deadline-rules';
import { maskName, maskPhone } from '../shared/masking';
import { pgTimestampIso, pgTimestampIsoOrNull, pgTimestampMsOrNull } from '../shared/pg-timestamp';
import type { WorkOrderEntity } from './work-order.entity';
import type { ListRow } from './work-order.repository';

type LightInput = Pick<WorkOrderEntity, 'status' | 'dispatchedAt' | 'signDueAt' | 'clockStartAt' | 'dueAt'>;
/** The same fields as epoch milliseconds (the list's timestamps are read as text, never as Dates). */
type LightInputMs = Pick<WorkOrderEntity, 'status'> & { [K in 'dispatchedAt' | 'signDueAt' | 'clockStartAt' | 'dueAt']: number | null };

const RANK: Record<DeadlineLight, number> = { none: 0, green: 1, yellow: 2, red: 3 };
const ms = (d: Date | null) => (d ? d.getTime() : null);
const worse = (a: DeadlineLight, b: DeadlineLight) => (RANK[b] > RANK[a] ? b : a);

/** Worst of the sign-for light (while not signed) and the completion light (while open at a unit). */
export function lightOf(o: LightInput, now: Date, yellowFraction: number): DeadlineLight {
  for (const d of [o.dispatchedAt, o.signDueAt, o.clockStartAt, o.dueAt, now]) {
    if (d && Number.isNaN(d.getTime())) throw new RangeError('a deadline instant is not a valid Date');
  }
  const m = { status: o.status, dispatchedAt: ms(o.dispatchedAt), signDueAt: ms(o.signDueAt), clockStartAt: ms(o.clockStartAt), dueAt: ms(o.dueAt) };
  return lightOfMs(m, now.getTime(), yellowFraction);
}

/** lightOf on epoch milliseconds. */
export function lightOfMs(o: LightInputMs, nowMs: number, yellowFraction: number): DeadlineLight {
  let light: DeadlineLight = DeadlineLight.None;
  if (o.status === S.Dispatched && o.dispatchedAt !== null && o.signDueAt !== null) {
    light = worse(light, deadlineLightMs(o.dispatchedAt, o.signDueAt, nowMs, yellowFraction));
  }
  if ((o.status === S.Dispatched || o.status === S.Accepted || o.status === S.ReturnRequested) && o.clockStartAt !== null && o.dueAt !== null) {
    light = worse(light, deadlineLightMs(o.clockStartAt, o.dueAt, nowMs, yellowFraction));
  }
  return light;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * The caller as a view shows it. Phone numbers are masked in every view; the unmasked number is read
 * through the audited contact endpoint. A confidential order (保密) hides the caller entirely from the
 * handling unit.
 */
function callerOf(o: Pick<WorkOrderEntity, 'confidential' | 'citizenName' | 'citizenPhone'>, role: Role): Pick<WorkOrderView, 'citizenName' | 'citizenPhone'> {
  if (o.confidential && role === 'department') return { citizenName: null, citizenPhone: null };
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

/** A list row: the same masking, hiding and light as toWorkOrderView, with the content's preview only. */
export function toWorkOrderListItem(o: ListRow, role: Role, now: Date, yellowFraction: number): WorkOrderListItem {
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
    ...callerOf(o, role),
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
