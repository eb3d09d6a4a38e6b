// The deadlines feature: what CoreModule provides and what the DataSource maps.
import type { Provider, Type } from '@nestjs/common';
import type { EventReaction } from '../shared/event-reaction';
import type { TransitionHook } from '../shared/transition-hook';
import { DeadlinesService } from './deadlines.service';
import { SurveyTaskEntity } from './survey-task.entity';
import { SurveyTasksService } from './survey-tasks.service';

export * from './deadline-rules';
export * from './deadlines.service';
export * from './survey-tasks.service';
export * from './survey-task.entity';

export const DEADLINES_PROVIDERS: Provider[] = [DeadlinesService, SurveyTasksService];
export const DEADLINES_ENTITIES: Type[] = [SurveyTaskEntity];
/** Services (also listed in DEADLINES_PROVIDERS) that react to every committed work-order event. */
export const DEADLINES_REACTIONS: Type<EventReaction>[] = [];
/** Services (also listed in DEADLINES_PROVIDERS) whose work commits with each lifecycle change. */
export const DEADLINES_HOOKS: Type<TransitionHook>[] = [DeadlinesService];
export * from './deadline-sql';
