import { join } from 'node:path';
import { register } from 'tsconfig-paths';

const root = join(__dirname, '..', '..', '..');
register({
  baseUrl: root,
  paths: Object.fromEntries(['contracts', 'config', 'database', 'core', 'queue', 'testing'].map((l) => [`@hotline/${l}`, [`libs/${l}/src/index.ts`]])),
});

export default async function globalTeardown(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the paths are registered
  const { dropTestDatabase } = require('./drop-database') as typeof import('./drop-database');
  await dropTestDatabase();
}
