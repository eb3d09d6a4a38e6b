// Processed-job retention against PostgreSQL, as the worker runs it (the application role): old
// records go, recent ones stay; a watermark consumer's old record goes only once its watermark has
// passed it; a consumer the policy does not name keeps everything. The consumers are this test's own,
// so the real consumers' records and watermarks (other test files') are not touched.
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { loadConfig } from '@hotline/config';
import { ProcessedJobsRetentionService } from '@hotline/core';
import { dataSourceOptions } from '@hotline/database';

describe('processed-job retention', () => {
  const cfg = loadConfig({});
  let owner: DataSource;
  let app: DataSource;
  const tag = randomUUID().slice(0, 8);
  const byAge = `t-age-${tag}`;
  const byWatermark = `t-wm-${tag}`;
  const noWatermarkYet = `t-wm-none-${tag}`;
  const unnamed = `t-unnamed-${tag}`;

  beforeAll(async () => {
    owner = await new DataSource(dataSourceOptions(cfg, 'owner')).initialize();
    app = await new DataSource(dataSourceOptions(cfg, 'app')).initialize();
  });

  afterAll(async () => {
    await owner?.query(`DELETE FROM processed_jobs WHERE consumer LIKE $1`, [`t-%-${tag}`]);
    await owner?.query(`DELETE FROM rollup_watermarks WHERE consumer LIKE $1`, [`t-%-${tag}`]);
    await app?.destroy();
    await owner?.destroy();
  });

  const record = (consumer: string, key: string, daysAgo: number) =>
    owner.query(`INSERT INTO processed_jobs (consumer, job_key, processed_at) VALUES ($1, $2, now() - make_interval(days => $3))`, [consumer, key, daysAgo]);
  const left = async () =>
    (
      (await owner.query(`SELECT consumer || ':' || job_key AS k FROM processed_jobs WHERE consumer LIKE $1 ORDER BY 1`, [`t-%-${tag}`])) as { k: string }[]
    ).map((r) => r.k);

  it('deletes what nothing will ask for again, and keeps the rest', async () => {
    await record(byAge, 'old', 50);
    await record(byAge, 'within-floor', 30); // older than the configured 1 day, younger than the 36-day floor
    await record(byAge, 'recent', 0);
    await record(byWatermark, '900', 50); // behind the watermark (1000) and old: goes
    await record(byWatermark, '1000', 50); // at the watermark: goes
    await record(byWatermark, '1500', 50); // past the watermark: its sweep may still ask
    await record(byWatermark, 'not-an-event', 50); // not an event id: never behind a watermark
    await record(byWatermark, '800', 10); // behind, but within the retention
    await record(noWatermarkYet, '5', 50); // its sweep has not run: it reads from the start
    await record(unnamed, 'old', 400);
    await owner.query(`INSERT INTO rollup_watermarks (consumer, last_event_id) VALUES ($1, 1000)`, [byWatermark]);

    const retention = new ProcessedJobsRetentionService(app);
    const policy = { [byAge]: 'age', [byWatermark]: 'behind-watermark', [noWatermarkYet]: 'behind-watermark' } as const;
    expect(await retention.prune(1, policy)).toBe(3);
    expect(await left()).toEqual(
      [
        `${byAge}:recent`,
        `${byAge}:within-floor`,
        `${byWatermark}:1500`,
        `${byWatermark}:800`,
        `${byWatermark}:not-an-event`,
        `${noWatermarkYet}:5`,
        `${unnamed}:old`,
      ].sort(),
    );
    // Once the watermark passes, the old record behind it goes too; nothing else changes.
    await owner.query(`UPDATE rollup_watermarks SET last_event_id = 2000 WHERE consumer = $1`, [byWatermark]);
    expect(await retention.prune(1, policy)).toBe(1);
    expect(await left()).not.toContain(`${byWatermark}:1500`);
    expect(await retention.prune(1, policy)).toBe(0);
  });
});
