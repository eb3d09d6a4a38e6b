// The worker-side adapters of routing: the dispatch queue's processor and the sweep for lost jobs.
import type { Provider } from '@nestjs/common';
import { RoutingProcessor } from './routing.processor';
import { RoutingSweep } from './routing-sweep';

export const ROUTING_WORKERS: Provider[] = [RoutingProcessor, RoutingSweep];
