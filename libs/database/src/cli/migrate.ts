// npm run db:migrate — creates the database when missing, then runs pending migrations.
import 'reflect-metadata';
import { loadConfig } from '@hotline/config';
import { ensureDatabase, runMigrations } from '../provision';

async function main(): Promise<void> {
  const cfg = loadConfig();
  if (await ensureDatabase(cfg)) console.log('created database');
  const done = await runMigrations(cfg);
  console.log(done.length ? `applied: ${done.join(', ')}` : 'schema is up to date');
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
