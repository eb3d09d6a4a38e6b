// The accountability feature: what CoreModule provides and what the DataSource maps.
import type { Provider, Type } from '@nestjs/common';
import type { EventReaction } from '../shared/event-reaction';

export const ACCOUNTABILITY_PROVIDERS: Provider[] = [];
export const ACCOUNTABILITY_ENTITIES: Type[] = [];
/** Services (also listed in ACCOUNTABILITY_PROVIDERS) that react to every committed work-order event. */
export const ACCOUNTABILITY_REACTIONS: Type<EventReaction>[] = [];
