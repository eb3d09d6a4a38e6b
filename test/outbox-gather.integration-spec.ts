// The outbox relay's gathering window against PostgreSQL and Redis: rows committed one by one within
// OUTBOX_GATHER_MS of the first are published by one relay transaction (rows marked by one transaction
// share its now()). On a database of its own, so no other test file's relay takes the rows.
import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { loadConfig } from '@hotline/config';
import { dataSourceOptions } from '@hotline/database';
import { type IsolatedDatabase, bootTestWorker, createIsolatedDatabase, pollUntil } from '@hotline/testing';

describe('outbox relay gathering', () => {
  let db: IsolatedDatabase | undefined;
  let owner: DataSource | undefined;
  let worker: INestApplicationContext | undefined;

  beforeAll(async () => {
    db = await createIsolatedDatabase('outboxgather');
    // A long idle poll: after boot the relay only wakes for a commit's NOTIFY.
    const cfg = loadConfig({ ...db.env, OUTBOX_GATHER_MS: '500', OUTBOX_POLL_MS: '60000' });
    owner = await new DataSource(dataSourceOptions(cfg, 'owner')).initialize();
    worker = await bootTestWorker(cfg);
    await new Promise((r) => setTimeout(r, 1_500));
  }, 60_000);

  afterAll(async () => {
    await worker?.close();
    await owner?.destroy();
    await db?.drop();
  });

  it('publishes rows committed one by one within the window as one batch', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      // A routing job for an order that does not exist: the router skips it.
      const rows = (await owner!.query(
        `INSERT INTO outbox (queue_name, job_name, payload) VALUES ('dispatch', 'order.route', $1::jsonb) RETURNING id::text AS id`,
        [JSON.stringify({ workOrderId: randomUUID(), eventId: String(i) })],
      )) as { id: string }[];
      ids.push(rows[0].id);
      await new Promise((r) => setTimeout(r, 20));
    }
    const published = async () =>
      (await owner!.query(`SELECT published_at FROM outbox WHERE id = ANY($1::bigint[]) AND published_at IS NOT NULL`, [ids])) as { published_at: Date }[];
    await pollUntil(async () => (await published()).length === 5, { timeoutMs: 10_000 });
    const stamps = new Set((await published()).map((r) => r.published_at.getTime()));
    expect(stamps.size).toBe(1);
  });
});
