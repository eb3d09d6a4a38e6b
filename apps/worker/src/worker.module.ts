import { type DynamicModule, Module } from '@nestjs/common';
import { type AppConfig, ConfigModule, LoggingModule } from '@hotline/config';
import { CoreModule } from '@hotline/core';
import { DatabaseModule } from '@hotline/database';
import { QueueModule } from '@hotline/queue';
import { DEADLINES_WORKERS } from './processors/deadlines.workers';
import { DELIVERY_WORKERS } from './processors/delivery.workers';
import { EventsProcessor } from './processors/events.processor';
import { RetentionSweep } from './processors/retention.sweep';
import { RollupSweep } from './processors/rollup-sweep';
import { ROUTING_WORKERS } from './processors/routing.workers';

@Module({})
export class WorkerModule {
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [ConfigModule.forRoot(config), LoggingModule, DatabaseModule.forRoot('worker'), CoreModule, QueueModule.forRoot({ relay: true })],
      providers: [EventsProcessor, RollupSweep, RetentionSweep, ...ROUTING_WORKERS, ...DEADLINES_WORKERS, ...DELIVERY_WORKERS],
    };
  }
}
