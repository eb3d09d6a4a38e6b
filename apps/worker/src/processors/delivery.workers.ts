// The worker-side adapters of the delivery feature: BullMQ processors, sweeps and repeatable jobs.
import type { Provider } from '@nestjs/common';

export const DELIVERY_WORKERS: Provider[] = [];
