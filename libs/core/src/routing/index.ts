// The routing feature (智能派单): what CoreModule provides and what the DataSource maps.
import type { Provider, Type } from '@nestjs/common';
import type { EventReaction } from '../shared/event-reaction';
import { RoutingModelEntity, RoutingSettingEntity, RoutingSuggestionEntity } from './routing.entity';
import { RoutingService } from './routing.service';

export const ROUTING_PROVIDERS: Provider[] = [RoutingService];
export const ROUTING_ENTITIES: Type[] = [RoutingModelEntity, RoutingSettingEntity, RoutingSuggestionEntity];
/** Services (also listed in ROUTING_PROVIDERS) that react to every committed work-order event. */
export const ROUTING_REACTIONS: Type<EventReaction>[] = [];

export * from './routing.entity';
export * from './routing.service';
export * from './routing-rules';
