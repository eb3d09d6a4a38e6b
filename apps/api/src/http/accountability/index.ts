import type { Type } from '@nestjs/common';
import { AccountabilityController } from './accountability.controller';

/** The HTTP adapters of the accountability feature. */
export const ACCOUNTABILITY_CONTROLLERS: Type[] = [AccountabilityController];
