// Entity -> response mapping: masking and hiding of citizen data by role, and the deadline light.
import { DeadlineLight, type Role, type WorkOrderListItem, type WorkOrderView, WorkOrderStatus as S } from '@hotline/contracts';
import { deadlineLight } from '../calendar/working-time';
import { CLOCK_RUNNING } from '../deadlines/deadline-rules';
import { maskName, maskPhone } from '../shared/masking';
import { pgTimestampDate, pgTimestampIso, pgTimestampIsoOrNull } from '../shared/pg-timestamp';
import type { WorkOrderEntity } from './work-order.entity';
import type { ListRow } from './work-order.repository';

type LightInput = Pick<WorkOrderEntity, 'status' | 'dispatchedAt' | 'signDueAt' | 'clockStartAt' | 'dueAt'>;

const RANK: Record<DeadlineLight, number> = { none: 0, green: 1, yellow: 2, red: 3 };

/** Worst of the sign-for light (while not signed) and the completion light (while open at a unit). */
export function lightOf(o: LightInput, now: Date, yellowFraction: number): DeadlineLight {
  const lights: DeadlineLight[] = [];
  if (o.status === S.Dispatched && o.dispatchedAt && o.signDueAt) lights.push(deadlineLight(o.dispatchedAt, o.signDueAt, now, yellowFraction));
  if ((o.status === S.Dispatched || o.status === S.Accepted || o.status === S.ReturnRequested) && o.clockStartAt && o.dueAt) {
    lights.push(deadlineLight(o.clockStartAt, o.dueAt, now, yellowFraction));
  }
  return lights.reduce<DeadlineLight>((w, l) => (RANK[l] > RANK[w] ? l : w), DeadlineLight.None);
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
      ? lightOf(
          {
            status: o.status,
            dispatchedAt: pgTimestampDate(o.dispatchedAt),
            signDueAt: pgTimestampDate(o.signDueAt),
            clockStartAt: pgTimestampDate(o.clockStartAt),
            dueAt: pgTimestampDate(o.dueAt),
          },
          now,
          yellowFraction,
        )
      : DeadlineLight.None,
    createdAt: pgTimestampIso(o.createdAt),
    updatedAt: pgTimestampIso(o.updatedAt),
    version: o.version,
  };
}
