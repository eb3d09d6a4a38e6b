// Jest runs global setup outside moduleNameMapper: resolve @hotline/* through tsconfig paths here.
import { join } from 'node:path';
import { register } from 'tsconfig-paths';

const root = join(__dirname, '..', '..', '..');
register({
  baseUrl: root,
  paths: Object.fromEntries(['contracts', 'config', 'database', 'core', 'queue', 'testing'].map((l) => [`@hotline/${l}`, [`libs/${l}/src/index.ts`]])),
});

export default async function globalSetup(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the paths are registered
  const { prepareTestDatabase } = require('./prepare-database') as typeof import('./prepare-database');
  await prepareTestDatabase();
}
