import { Module } from '@nestjs/common';
import { ConfigModule, LoggingModule } from '@hotline/config';
import { CoreModule } from '@hotline/core';
import { DatabaseModule } from '@hotline/database';
import { QueueModule } from '@hotline/queue';

import { EventsProcessor } from './processors/events.processor';

@Module({
  imports: [ConfigModule.forRoot(), LoggingModule, DatabaseModule, CoreModule, QueueModule.forRoot({ relay: true })],
  providers: [EventsProcessor],
})
export class WorkerModule {}
