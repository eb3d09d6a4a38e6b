// The accountability feature: what CoreModule provides and what the DataSource maps.
// Owns the dispatch-accuracy rollup (派单准确率 and companions) and the monthly 约谈 list.
import type { Provider, Type } from '@nestjs/common';
import type { EventReaction } from '../shared/event-reaction';
import { DispatchDailyEntity, RollupWatermarkEntity } from '../metrics/dispatch-daily.entity';
import { DispatchMetricsService } from '../metrics/dispatch-metrics.service';
import { AccountabilityInterviewEntity } from './accountability-interview.entity';
import { AccountabilityService } from './accountability.service';

export { DispatchDailyEntity, RollupWatermarkEntity } from '../metrics/dispatch-daily.entity';
export { DispatchMetricsService, type ReconcileOptions } from '../metrics/dispatch-metrics.service';
export * from '../metrics/dispatch-rates';
export { AccountabilityInterviewEntity } from './accountability-interview.entity';
export { AccountabilityService } from './accountability.service';
export * from './accountability-rules';

export const ACCOUNTABILITY_PROVIDERS: Provider[] = [DispatchMetricsService, AccountabilityService];
export const ACCOUNTABILITY_ENTITIES: Type[] = [DispatchDailyEntity, RollupWatermarkEntity, AccountabilityInterviewEntity];
/** Services (also listed in ACCOUNTABILITY_PROVIDERS) that react to every committed work-order event. */
export const ACCOUNTABILITY_REACTIONS: Type<EventReaction>[] = [DispatchMetricsService];
