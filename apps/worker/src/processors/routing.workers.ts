// The worker-side adapters of the routing feature: BullMQ processors, sweeps and repeatable jobs.
import type { Provider } from '@nestjs/common';

export const ROUTING_WORKERS: Provider[] = [];
