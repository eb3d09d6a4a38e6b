// The outbox relay starts each claim where its last batch started (claim-start.ts), so a row whose
// transaction took its id before rows that were published meanwhile must still be found: by the settle
// claim when the transaction was short, by the full claim when it was not. Against PostgreSQL and Redis,
// on a database of its own (no other test file's relay takes the rows).
import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { loadConfig } from '@hotline/config';
import { dataSourceOptions } from '@hotline/database';
import { OUTBOX_CLAIM } from '@hotline/queue';
import { type IsolatedDatabase, bootTestWorker, createIsolatedDatabase, pollUntil } from '@hotline/testing';

const INSERT = `INSERT INTO outbox (queue_name, job_name, payload) VALUES ('dispatch', 'order.route', $1::jsonb) RETURNING id::text AS id`;
// A routing job for an order that does not exist: the router skips it.
const payload = () => JSON.stringify({ workOrderId: randomUUID(), eventId: '0' });

describe('outbox relay: rows committed after higher ids were published', () => {
  let db: IsolatedDatabase | undefined;
  let owner: DataSource | undefined;
  let worker: INestApplicationContext | undefined;

  beforeAll(async () => {
    db = await createIsolatedDatabase('claimstart');
    const cfg = loadConfig({ ...db.env, OUTBOX_SETTLE_MS: '3000', OUTBOX_RESCAN_MS: '8000', OUTBOX_POLL_MS: '100' });
    owner = await new DataSource(dataSourceOptions(cfg, 'owner')).initialize();
    worker = await bootTestWorker(cfg);
  }, 60_000);

  afterAll(async () => {
    await worker?.close();
    await owner?.destroy();
    await db?.drop();
  });

  const isPublished = async (id: string) =>
    ((await owner!.query(`SELECT 1 FROM outbox WHERE id = $1 AND published_at IS NOT NULL`, [id])) as unknown[]).length === 1;

  /** Takes an id in an open transaction, lets later rows be published past it, then commits after `holdMs`. */
  async function straggler(holdMs: number): Promise<{ id: string; committedAt: number }> {
    const qr = owner!.createQueryRunner();
    await qr.connect();
    try {
      await qr.startTransaction();
      const [{ id }] = (await qr.query(INSERT, [payload()])) as { id: string }[];
      const started = Date.now();
      // Rows with higher ids, committed and published while the straggler's transaction is open.
      while (Date.now() - started < holdMs) {
        const [{ id: later }] = (await owner!.query(INSERT, [payload()])) as { id: string }[];
        await pollUntil(() => isPublished(later), { timeoutMs: 10_000 });
        await new Promise((r) => setTimeout(r, 150));
      }
      await qr.commitTransaction();
      return { id, committedAt: Date.now() };
    } finally {
      await qr.release();
    }
  }

  it('publishes a row whose short transaction committed after later rows were published', async () => {
    await new Promise((r) => setTimeout(r, 3_500)); // past the first settle window, so floors exist
    const { id } = await straggler(1_200);
    await pollUntil(() => isPublished(id), { timeoutMs: 10_000 });
  }, 30_000);

  it('publishes a row whose transaction stayed open longer than OUTBOX_SETTLE_MS', async () => {
    const { id } = await straggler(4_000);
    await pollUntil(() => isPublished(id), { timeoutMs: 15_000 });
    // Nothing unpublished is left behind.
    const [{ n }] = (await owner!.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`)) as { n: number }[];
    expect(n).toBe(0);
  }, 40_000);

  it('claims the oldest rows first, by number (999 before 1000), from the start id on', async () => {
    // Inside one transaction: the worker's relay cannot see these rows, the claim in it can.
    const qr = owner!.createQueryRunner();
    await qr.connect();
    try {
      await qr.startTransaction();
      await qr.query(`SELECT setval(pg_get_serial_sequence('outbox', 'id'), 100000 - 3)`);
      for (let i = 0; i < 6; i++) await qr.query(INSERT, [payload()]);
      const ids = async (limit: number, from: string) => ((await qr.query(OUTBOX_CLAIM.text, [limit, from])) as { id: string }[]).map((r) => r.id);
      expect(await ids(4, '0')).toEqual(['99998', '99999', '100000', '100001']);
      expect(await ids(2, '100001')).toEqual(['100001', '100002']);
    } finally {
      await qr.rollbackTransaction();
      await qr.release();
    }
  });
});
