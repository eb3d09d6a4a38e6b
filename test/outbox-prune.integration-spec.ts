// Outbox retention against PostgreSQL, as the worker runs it (the application role): rows published
// longer ago than OUTBOX_RETENTION_HOURS are deleted; recent ones and unpublished ones stay.
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { loadConfig } from '@hotline/config';
import { dataSourceOptions } from '@hotline/database';
import { OutboxPruneService } from '@hotline/queue';

describe('outbox retention', () => {
  const cfg = loadConfig({ OUTBOX_RETENTION_HOURS: '24' });
  let owner: DataSource;
  let app: DataSource;

  beforeAll(async () => {
    owner = await new DataSource(dataSourceOptions(cfg, 'owner')).initialize();
    app = await new DataSource(dataSourceOptions(cfg, 'app')).initialize();
  });

  afterAll(async () => {
    await app?.destroy();
    await owner?.destroy();
  });

  it('deletes rows published longer ago than the retention, and keeps recent and unpublished ones', async () => {
    // A routing job for an order that does not exist: harmless if another test file's relay publishes it.
    const payload = () => JSON.stringify({ workOrderId: randomUUID(), eventId: '0', type: 'registered' });
    const insert = async (publishedHoursAgo: number | null, createdHoursAgo: number): Promise<string> => {
      const rows = (await owner.query(
        `INSERT INTO outbox (queue_name, job_name, payload, created_at, published_at)
         VALUES ('dispatch', 'order.route', $1::jsonb, now() - make_interval(hours => $2),
                 CASE WHEN $3::int IS NULL THEN NULL ELSE now() - make_interval(hours => $3::int) END)
         RETURNING id::text AS id`,
        [payload(), createdHoursAgo, publishedHoursAgo],
      )) as { id: string }[];
      return rows[0].id;
    };
    const old = await Promise.all([insert(30, 30), insert(25, 26), insert(200, 200)]);
    const recent = await insert(1, 1);
    const unpublished = await insert(null, 100);

    const prune = new OutboxPruneService(app, cfg);
    const deleted = await prune.sweep();
    expect(deleted).toBeGreaterThanOrEqual(old.length);

    const left = (await owner.query(`SELECT id::text AS id FROM outbox WHERE id = ANY($1::bigint[])`, [[...old, recent, unpublished]])) as { id: string }[];
    expect(left.map((r) => r.id).sort()).toEqual([recent, unpublished].sort());
    // A second sweep has nothing left to do for these rows.
    await prune.sweep();
    const again = await owner.query(`SELECT count(*)::int AS n FROM outbox WHERE id = ANY($1::bigint[])`, [[recent, unpublished]]);
    expect(again[0].n).toBe(2);
  });
});
