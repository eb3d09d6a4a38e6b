// The deadlines feature: what CoreModule provides and what the DataSource maps.
import type { Provider, Type } from '@nestjs/common';
import type { EventReaction } from '../shared/event-reaction';

export const DEADLINES_PROVIDERS: Provider[] = [];
export const DEADLINES_ENTITIES: Type[] = [];
/** Services (also listed in DEADLINES_PROVIDERS) that react to every committed work-order event. */
export const DEADLINES_REACTIONS: Type<EventReaction>[] = [];
