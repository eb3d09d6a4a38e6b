// The connectors feature: what CoreModule provides and what the DataSource maps.
import type { Provider, Type } from '@nestjs/common';
import type { EventReaction } from '../shared/event-reaction';
import { ApiKeysService } from './api-keys.service';
import { DeliveryAttemptEntity, DeliveryEntity, DepartmentApiKeyEntity, DepartmentWebhookEntity } from './connector.entity';
import { ConnectorsService } from './connectors.service';
import { DeliveryService } from './delivery.service';

export { ApiKeysService } from './api-keys.service';
export { ConnectorsService } from './connectors.service';
export { DELIVERY_CONSUMER, DELIVERY_TIMEOUT_MS, DeliveryService, type SendResult } from './delivery.service';
export { signDelivery } from './connector-rules';

export const CONNECTORS_PROVIDERS: Provider[] = [ConnectorsService, ApiKeysService, DeliveryService];
export const CONNECTORS_ENTITIES: Type[] = [DepartmentWebhookEntity, DeliveryEntity, DeliveryAttemptEntity, DepartmentApiKeyEntity];
/** Services (also listed in CONNECTORS_PROVIDERS) that react to every committed work-order event. */
export const CONNECTORS_REACTIONS: Type<EventReaction>[] = [DeliveryService];
