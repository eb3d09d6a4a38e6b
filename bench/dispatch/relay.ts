// Relay throughput: RELAY_ROWS outbox rows written at once (no worker running), then the outbox
// relay alone (the same OutboxRelayService the worker runs) publishes them to BullMQ; rows/s from
// the first to the last batch. Prints one JSON object to stdout.
//
//   DATABASE_URL=… REDIS_URL=… QUEUE_PREFIX=… node -r ./scripts/register.js bench/dispatch/relay.ts
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { ConfigModule } from '@hotline/config';
import { DatabaseModule } from '@hotline/database';
import { QueueModule } from '@hotline/queue';

const ROWS = Number(process.env.RELAY_ROWS ?? 50_000);
const log = (msg: string) => process.stderr.write(`[relay] ${msg}\n`);

@Module({ imports: [ConfigModule.forRoot(), DatabaseModule, QueueModule.forRoot({ relay: true })] })
class RelayOnlyModule {}

async function main(): Promise<void> {
  const pg = new Client({ connectionString: process.env.DATABASE_URL });
  await pg.connect();
  // Events of orders that do not exist: when a worker later takes them, every reaction finds nothing.
  await pg.query(
    `INSERT INTO outbox (queue_name, job_name, payload)
     SELECT 'events', 'work-order.changed', jsonb_build_object('eventId', (-g)::text, 'workOrderId', '00000000-0000-0000-0000-000000000000', 'type', 'bench')
     FROM generate_series(1, $1) g`,
    [ROWS],
  );
  const backlog = async () => Number((await pg.query(`SELECT count(*) AS n FROM outbox WHERE published_at IS NULL`)).rows[0].n);
  const start = await backlog();
  log(`${start} unpublished rows; starting the relay`);
  const boot = performance.now();
  const app = await NestFactory.createApplicationContext(RelayOnlyModule, { logger: ['error'] });
  await app.init();
  // Timed from the first published batch (the boot of the context is not the relay's speed).
  let left = start;
  let first: { at: number; left: number } | undefined;
  while (left > 0 && performance.now() - boot < 300_000) {
    await new Promise((r) => setTimeout(r, 20));
    left = await backlog();
    if (!first && left < start) first = { at: performance.now(), left };
  }
  const seconds = first ? (performance.now() - first.at) / 1000 : NaN;
  const rowsTimed = first ? first.left : 0;
  await app.close();
  await pg.end();
  process.stdout.write(JSON.stringify({ rows: start, rowsTimed, seconds, rowsPerSecond: Math.round(rowsTimed / seconds), leftUnpublished: left, batch: Number(process.env.OUTBOX_BATCH ?? 500) }, null, 2) + '\n');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
