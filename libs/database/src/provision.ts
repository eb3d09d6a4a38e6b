// Creating the database, running migrations and giving the application role its login.
// Used by the db:migrate command and by the integration-test harness.
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { type AppConfig, databaseName } from '@hotline/config';
import { dataSourceOptions } from './data-source-options';

/** A quoted SQL identifier. */
export const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;
const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Group role created by the migrations; it holds the grants and is bound by row-level security. */
export const APP_GROUP_ROLE = 'hotline_app';

/**
 * Runs fn on a connection to the server's `postgres` database (for creating and dropping others),
 * reached with the credentials of databaseUrl.
 */
export async function withMaintenanceClient<T>(databaseUrl: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function ensureDatabase(cfg: AppConfig): Promise<boolean> {
  const name = databaseName(cfg);
  return withMaintenanceClient(cfg.DATABASE_URL, async (client) => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return false;
    await client.query(`CREATE DATABASE ${quoteIdent(name)} ENCODING 'UTF8' TEMPLATE template0`);
    return true;
  });
}

export async function dropDatabase(cfg: AppConfig): Promise<void> {
  await withMaintenanceClient(cfg.DATABASE_URL, (client) => client.query(`DROP DATABASE IF EXISTS ${quoteIdent(databaseName(cfg))} WITH (FORCE)`));
}

export async function runMigrations(cfg: AppConfig): Promise<string[]> {
  const ds = new DataSource(dataSourceOptions(cfg, 'owner'));
  await ds.initialize();
  try {
    const done = await ds.runMigrations({ transaction: 'each' });
    await grantAppLogin(ds, cfg);
    return done.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

/** Gives DATABASE_APP_USER a login with DATABASE_APP_PASSWORD and membership of the group role. */
async function grantAppLogin(ds: DataSource, cfg: AppConfig): Promise<void> {
  const user = cfg.DATABASE_APP_USER;
  const pw = literal(cfg.DATABASE_APP_PASSWORD);
  if (user === APP_GROUP_ROLE) {
    await ds.query(`ALTER ROLE ${quoteIdent(user)} LOGIN PASSWORD ${pw}`);
    return;
  }
  const exists = await ds.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [user]);
  if (exists.length === 0) await ds.query(`CREATE ROLE ${quoteIdent(user)} LOGIN PASSWORD ${pw} IN ROLE ${APP_GROUP_ROLE}`);
  else await ds.query(`ALTER ROLE ${quoteIdent(user)} LOGIN PASSWORD ${pw}`);
  await ds.query(`GRANT ${APP_GROUP_ROLE} TO ${quoteIdent(user)}`);
}
