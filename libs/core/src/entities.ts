import { AuditLogEntity } from './audit/audit-log.entity';
import { CalendarDayEntity, SettingEntity, TimeLimitPolicyEntity } from './calendar/calendar.entity';
import { MatterDistrictUnitEntity, MatterEntity } from './catalogue/matter.entity';
import { DepartmentEntity } from './departments/department.entity';
import { SatisfactionDailyEntity } from './metrics/satisfaction-daily.entity';
import { OutboxEntity, ProcessedJobEntity } from './outbox/outbox.entity';
import { UserEntity } from './users/user.entity';
import {
  DispatchRecordEntity,
  ExtensionRequestEntity,
  ReplyEntity,
  ReturnRequestEntity,
  SupervisionEntity,
  SurveyEntity,
  WorkOrderCodeDayEntity,
  WorkOrderEventEntity,
} from './work-orders/work-order-records.entity';
import { WorkOrderEntity } from './work-orders/work-order.entity';
import { ACCOUNTABILITY_ENTITIES } from './accountability';
import { CONNECTORS_ENTITIES } from './connectors';
import { DEADLINES_ENTITIES } from './deadlines';
import { ROUTING_ENTITIES } from './routing';

/** Every entity, for the one DataSource shared by the apps and the TypeORM CLI. */
export const ENTITIES = [
  DepartmentEntity,
  UserEntity,
  MatterEntity,
  MatterDistrictUnitEntity,
  CalendarDayEntity,
  TimeLimitPolicyEntity,
  SettingEntity,
  WorkOrderEntity,
  WorkOrderCodeDayEntity,
  DispatchRecordEntity,
  ReturnRequestEntity,
  ExtensionRequestEntity,
  ReplyEntity,
  SurveyEntity,
  SupervisionEntity,
  WorkOrderEventEntity,
  OutboxEntity,
  ProcessedJobEntity,
  SatisfactionDailyEntity,
  AuditLogEntity,
  ...ROUTING_ENTITIES,
  ...DEADLINES_ENTITIES,
  ...CONNECTORS_ENTITIES,
  ...ACCOUNTABILITY_ENTITIES,
];

export {
  AuditLogEntity,
  CalendarDayEntity,
  DepartmentEntity,
  DispatchRecordEntity,
  ExtensionRequestEntity,
  MatterDistrictUnitEntity,
  MatterEntity,
  OutboxEntity,
  ProcessedJobEntity,
  ReplyEntity,
  ReturnRequestEntity,
  SatisfactionDailyEntity,
  SettingEntity,
  SupervisionEntity,
  SurveyEntity,
  TimeLimitPolicyEntity,
  UserEntity,
  WorkOrderCodeDayEntity,
  WorkOrderEntity,
  WorkOrderEventEntity,
};
