import type { Type } from '@nestjs/common';
import { SurveyTasksController } from './survey-tasks.controller';

/** The HTTP adapters of survey tasks (回访任务). */
export const SURVEYS_CONTROLLERS: Type[] = [SurveyTasksController];
