import { loadConfig } from '@hotline/config';
import { dropDatabase } from '@hotline/database';

export async function dropTestDatabase(): Promise<void> {
  if (process.env.KEEP_TEST_DB === '1') return;
  await dropDatabase(loadConfig({}));
}
