// The connectors feature: what CoreModule provides and what the DataSource maps.
import type { Provider, Type } from '@nestjs/common';
import type { EventReaction } from '../shared/event-reaction';

export const CONNECTORS_PROVIDERS: Provider[] = [];
export const CONNECTORS_ENTITIES: Type[] = [];
/** Services (also listed in CONNECTORS_PROVIDERS) that react to every committed work-order event. */
export const CONNECTORS_REACTIONS: Type<EventReaction>[] = [];
