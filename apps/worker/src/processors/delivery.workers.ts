// The worker-side adapters of the delivery feature: BullMQ processors, sweeps and repeatable jobs.
import type { Provider } from '@nestjs/common';
import { DeliveryProcessor } from './delivery.processor';
import { DeliverySweep } from './delivery.sweep';

export const DELIVERY_WORKERS: Provider[] = [DeliveryProcessor, DeliverySweep];
