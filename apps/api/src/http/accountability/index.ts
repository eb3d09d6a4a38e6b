import type { Type } from '@nestjs/common';

/** The HTTP adapters of the accountability feature. */
export const ACCOUNTABILITY_CONTROLLERS: Type[] = [];
