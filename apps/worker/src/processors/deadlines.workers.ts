// The worker-side adapters of the deadlines feature: BullMQ processors, sweeps and repeatable jobs.
import type { Provider } from '@nestjs/common';
import { DeadlinesProcessor } from './deadlines.processor';
import { DeadlinesSweep } from './deadlines.sweep';
import { SurveysProcessor } from './surveys.processor';

export const DEADLINES_WORKERS: Provider[] = [DeadlinesProcessor, SurveysProcessor, DeadlinesSweep];
