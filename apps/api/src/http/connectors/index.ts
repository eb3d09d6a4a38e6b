import type { Type } from '@nestjs/common';

/** The HTTP adapters of the connectors feature. */
export const CONNECTORS_CONTROLLERS: Type[] = [];
