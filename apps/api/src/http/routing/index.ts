import type { Type } from '@nestjs/common';
import { RoutingController } from './routing.controller';

/** The HTTP adapters of the routing feature. */
export const ROUTING_CONTROLLERS: Type[] = [RoutingController];
