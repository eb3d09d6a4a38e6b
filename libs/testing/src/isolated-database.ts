// A database (and BullMQ prefix) of a test file's own, for tests whose figures or workers must not
// see the rest of the run: migrated and seeded like the run's database, dropped afterwards.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { type AppConfig, loadConfig } from '@hotline/config';
import { dataSourceOptions, dropDatabase, ensureDatabase, runMigrations, seedDemoData } from '@hotline/database';
import { deleteQueueKeys } from './drop-database';

export interface IsolatedDatabase {
  cfg: AppConfig;
  /** Overrides for bootTestApp({ env }) and for child processes' environment. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

export async function createIsolatedDatabase(suffix: string): Promise<IsolatedDatabase> {
  const base = loadConfig();
  const url = new URL(base.DATABASE_URL);
  url.pathname = `${url.pathname}_${suffix}`;
  const env = { DATABASE_URL: url.toString(), QUEUE_PREFIX: `${base.QUEUE_PREFIX.slice(0, -1)}-${suffix}}` };
  const cfg = loadConfig(env);
  await ensureDatabase(cfg);
  await runMigrations(cfg);
  const ds = new DataSource(dataSourceOptions(cfg, 'owner'));
  await ds.initialize();
  await seedDemoData(ds, cfg.SEED_PASSWORD).finally(() => ds.destroy());
  return { cfg, env, drop: () => Promise.all([dropDatabase(cfg), deleteQueueKeys(cfg)]).then(() => undefined) };
}
