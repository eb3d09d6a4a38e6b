import { loadConfig } from '@hotline/config';
import { dropDatabase } from '@hotline/database';

export async function dropTestDatabase(): Promise<void> {
  if (process.env.KEEP_TEST_DB === '1' || !process.env.HOTLINE_TEST_RUN) return;
  // Jest calls teardown once per project: drop once.
  if (process.env.HOTLINE_TEST_DROPPED) return;
  process.env.HOTLINE_TEST_DROPPED = '1';
  await dropDatabase(loadConfig({}));
}
