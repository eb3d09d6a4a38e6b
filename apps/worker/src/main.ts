// The worker: BullMQ processors and the outbox relay. No HTTP port.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  app.get(Logger).log('worker started: outbox relay and processors running');
}

bootstrap().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
