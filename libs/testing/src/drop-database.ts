import { Redis } from 'ioredis';
import { type AppConfig, loadConfig } from '@hotline/config';
import { dropDatabase } from '@hotline/database';

/** Drops the run's database and deletes the run's BullMQ keys (its own prefix). */
export async function dropTestDatabase(): Promise<void> {
  if (process.env.KEEP_TEST_DB === '1' || !process.env.HOTLINE_TEST_RUN) return;
  // Jest calls teardown once per project: drop once.
  if (process.env.HOTLINE_TEST_DROPPED) return;
  process.env.HOTLINE_TEST_DROPPED = '1';
  const cfg = loadConfig({});
  await dropDatabase(cfg);
  await deleteQueueKeys(cfg);
}

/** Deletes the BullMQ keys under a test prefix (never a real deployment's). */
export async function deleteQueueKeys(cfg: AppConfig): Promise<void> {
  if (!cfg.QUEUE_PREFIX.startsWith('{hotline-test-')) return;
  const redis = new Redis(cfg.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${cfg.QUEUE_PREFIX}:*`, 'COUNT', 1000);
      if (keys.length) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } catch {
    // Redis away at teardown: the keys are bounded (removeOnComplete) and harmless.
  } finally {
    redis.disconnect();
  }
}
