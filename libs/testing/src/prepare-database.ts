// Jest global setup for the integration and e2e tiers: a fresh database per run, built by the real
// migrations and seeded with the demo data, which each Jest worker clones for its own files
// (worker-setup.ts); private BullMQ prefixes so runs and workers never share Redis keys.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '@hotline/config';
import { dataSourceOptions, ensureDatabase, runMigrations, seedDemoData } from '@hotline/database';

export async function prepareTestDatabase(): Promise<void> {
  // Jest calls global setup once per project (integration, e2e): one database serves the whole run.
  if (process.env.HOTLINE_TEST_RUN) return;
  const base = loadConfig();
  const run = `${Date.now().toString(36)}${process.pid.toString(36)}`;
  const url = new URL(base.DATABASE_URL);
  url.pathname = `/hotline_test_${run}`;
  process.env.HOTLINE_TEST_RUN = run;
  process.env.DATABASE_URL = url.toString();
  // Each Jest worker clones it (worker-setup.ts); nothing connects to it once it is built.
  process.env.HOTLINE_TEST_TEMPLATE_URL = url.toString();
  process.env.QUEUE_PREFIX = `{hotline-test-${run}}`;
  process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'warn';
  process.env.OUTBOX_POLL_MS = '50';
  const cfg = loadConfig({});
  await ensureDatabase(cfg);
  await runMigrations(cfg);
  const ds = new DataSource(dataSourceOptions(cfg, 'owner'));
  await ds.initialize();
  try {
    await seedDemoData(ds, cfg.SEED_PASSWORD);
  } finally {
    await ds.destroy();
  }
}
