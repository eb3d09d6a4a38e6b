import { type DynamicModule, Module } from '@nestjs/common';
import { type AppConfig, ConfigModule, LoggingModule } from '@hotline/config';
import { CoreModule } from '@hotline/core';
import { DatabaseModule } from '@hotline/database';
import { QueueModule } from '@hotline/queue';
import { EventsProcessor } from './processors/events.processor';
import { RollupSweep } from './processors/rollup-sweep';

@Module({})
export class WorkerModule {
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [ConfigModule.forRoot(config), LoggingModule, DatabaseModule, CoreModule, QueueModule.forRoot({ relay: true })],
      providers: [EventsProcessor, RollupSweep],
    };
  }
}
