import type { Type } from '@nestjs/common';

/** The HTTP adapters of survey tasks (回访任务). */
export const SURVEYS_CONTROLLERS: Type[] = [];
