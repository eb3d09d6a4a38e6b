import { Redis } from 'ioredis';
import { type AppConfig, databaseName, loadConfig } from '@hotline/config';
import { dropDatabase, withMaintenanceClient } from '@hotline/database';

/**
 * Drops the run's database and every database made from it (each Jest worker's clone, any file's
 * isolated one left behind), and deletes the BullMQ keys under the run's prefixes.
 */
export async function dropTestDatabase(): Promise<void> {
  const run = process.env.HOTLINE_TEST_RUN;
  if (process.env.KEEP_TEST_DB === '1' || !run) return;
  // Jest calls teardown once per project: drop once.
  if (process.env.HOTLINE_TEST_DROPPED) return;
  process.env.HOTLINE_TEST_DROPPED = '1';
  const cfg = loadConfig({});
  const clones = await withMaintenanceClient(cfg.DATABASE_URL, (client) =>
    client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE starts_with(datname, $1 || '_w')`, [databaseName(cfg)]),
  );
  for (const { datname } of clones.rows) {
    const url = new URL(cfg.DATABASE_URL);
    url.pathname = `/${datname}`;
    await dropDatabase(loadConfig({ DATABASE_URL: url.toString() }));
  }
  await dropDatabase(cfg);
  // The run's own prefix, and its workers' and isolated files' (`{hotline-test-<run>-…}`).
  await deleteTestKeys(cfg.REDIS_URL, [`{hotline-test-${run}}:*`, `{hotline-test-${run}-*`]);
}

/** Deletes the BullMQ keys under a test prefix (never a real deployment's). */
export async function deleteQueueKeys(cfg: AppConfig): Promise<void> {
  await deleteTestKeys(cfg.REDIS_URL, [`${cfg.QUEUE_PREFIX}:*`]);
}

/** Deletes the keys matching any of the patterns, each of which must be under a test prefix. */
async function deleteTestKeys(redisUrl: string, patterns: string[]): Promise<void> {
  if (!patterns.every((p) => p.startsWith('{hotline-test-'))) return;
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    for (const pattern of patterns) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        if (keys.length) await redis.unlink(...keys);
        cursor = next;
      } while (cursor !== '0');
    }
  } catch {
    // Redis away at teardown: the keys are bounded (removeOnComplete) and harmless.
  } finally {
    redis.disconnect();
  }
}
