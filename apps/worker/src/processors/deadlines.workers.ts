// The worker-side adapters of the deadlines feature: BullMQ processors, sweeps and repeatable jobs.
import type { Provider } from '@nestjs/common';

export const DEADLINES_WORKERS: Provider[] = [];
