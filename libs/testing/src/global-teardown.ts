import { join } from 'node:path';
import { register } from 'tsconfig-paths';

const root = join(__dirname, '..', '..', '..');
register({
  baseUrl: root,
  paths: Object.fromEntries(['contracts', 'config', 'database', 'core', 'queue', 'testing'].map((l) => [`@hotline/${l}`, [`libs/${l}/src/index.ts`]])),
});

export default async function globalTeardown(): Promise<void> {
  const { dropTestDatabase } = await import('./drop-database');
  await dropTestDatabase();
}
