// npm run db:seed — idempotent demo data (departments, catalogue, calendar, time limits, users).
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '@hotline/config';
import { dataSourceOptions } from '../data-source-options';
import { seedDemoData } from '../seed/seed';

async function main(): Promise<void> {
  const cfg = loadConfig();
  const ds = new DataSource(dataSourceOptions(cfg, 'owner'));
  await ds.initialize();
  try {
    const report = await seedDemoData(ds, cfg.SEED_PASSWORD);
    console.log(`seeded: ${Object.entries(report).map(([k, v]) => `${k} +${v}`).join(', ')}`);
    // Fresh statistics: the row-level-security policy gets a default estimate, and without table
    // statistics the planner picks seq scans on small tables.
    await ds.query('ANALYZE');
  } finally {
    await ds.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
