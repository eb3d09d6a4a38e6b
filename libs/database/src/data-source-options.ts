// The one place that builds TypeORM options, for the apps (as the application role) and for the
// CLI, migrations and seeding (as the schema owner).
import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { type AppConfig, appDatabaseUrl } from '@hotline/config';
import { ENTITIES } from '@hotline/core';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export type DatabaseRole = 'owner' | 'app';

/** Which process the pool is for: the api's requests or the worker's jobs (see WORKER_DATABASE_POOL_SIZE). */
export type PoolOwner = 'api' | 'worker';

export function dataSourceOptions(cfg: AppConfig, as: DatabaseRole = 'app', pool: PoolOwner = 'api'): DataSourceOptions {
  return {
    type: 'postgres',
    url: as === 'owner' ? cfg.DATABASE_URL : appDatabaseUrl(cfg),
    entities: ENTITIES,
    migrations: [join(__dirname, 'migrations', '*.{ts,js}')],
    migrationsTableName: 'schema_migrations',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    installExtensions: false,
    uuidExtension: 'pgcrypto',
    // TypeORM's own error log prints query parameters (citizen phone numbers): errors surface as exceptions instead.
    logging: false,
    extra: {
      max: pool === 'worker' ? cfg.WORKER_DATABASE_POOL_SIZE : cfg.DATABASE_POOL_SIZE,
      // A wait this long means the pool is exhausted by work that holds its connections: fail (a job
      // is retried) rather than hang.
      connectionTimeoutMillis: cfg.DATABASE_POOL_WAIT_MS,
      // pg_stat_activity tells the api's connections from the worker's.
      application_name: as === 'owner' ? 'hotline-admin' : `hotline-${pool}`,
      // A statement that runs longer than this is a bug, not a workload.
      statement_timeout: 30_000,
    },
  };
}
