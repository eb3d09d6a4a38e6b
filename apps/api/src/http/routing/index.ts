import type { Type } from '@nestjs/common';

/** The HTTP adapters of the routing feature. */
export const ROUTING_CONTROLLERS: Type[] = [];
