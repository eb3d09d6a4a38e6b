// The one place that builds TypeORM options, for the apps (as the application role) and for the
// CLI, migrations and seeding (as the schema owner).
import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { type AppConfig, appDatabaseUrl } from '@hotline/config';
import { ENTITIES } from '@hotline/core';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export type DatabaseRole = 'owner' | 'app';

export function dataSourceOptions(cfg: AppConfig, as: DatabaseRole = 'app'): DataSourceOptions {
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
      max: cfg.DATABASE_POOL_SIZE,
      application_name: as === 'owner' ? 'hotline-admin' : 'hotline',
      // A statement that runs longer than this is a bug, not a workload.
      statement_timeout: 30_000,
    },
  };
}
