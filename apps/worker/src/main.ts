// The worker: BullMQ processors and the outbox relay. No HTTP port.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { applyV8Tuning, loadConfig, lowerCpuPriority } from '@hotline/config';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

/** BullMQ's Worker.close() never resolves while Redis is unreachable (taskforcesh/bullmq#4656): bound the drain. */
const SHUTDOWN_GRACE_MS = 15_000;

async function bootstrap(): Promise<void> {
  applyV8Tuning();
  const nice = loadConfig().WORKER_NICE;
  const threads = lowerCpuPriority(nice);
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref());
  }
  app.get(Logger).log(`worker started: outbox relay and processors running (nice ${nice}, ${threads} threads set)`);
}

bootstrap().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
