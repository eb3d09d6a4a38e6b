// Jest setupFilesAfterEnv of the integration and e2e tiers: points the file at its worker's own
// database and BullMQ prefix (see worker-database.ts), creating the database on the worker's first file.
import { cloneDatabase, workerDatabase } from './worker-database';

const run = process.env.HOTLINE_TEST_RUN;
const templateUrl = process.env.HOTLINE_TEST_TEMPLATE_URL;
if (run && templateUrl) {
  const mine = workerDatabase(templateUrl, run, process.env.JEST_WORKER_ID ?? '1');
  process.env.DATABASE_URL = mine.url;
  process.env.QUEUE_PREFIX = mine.queuePrefix;
  beforeAll(() => cloneDatabase(templateUrl, mine.url), 120_000);
}
