// Jest runs global setup and teardown outside moduleNameMapper: resolve @hotline/* through paths here.
import { join } from 'node:path';
import { register } from 'tsconfig-paths';

register({
  baseUrl: join(__dirname, '..', '..', '..'),
  paths: Object.fromEntries(['contracts', 'config', 'database', 'core', 'queue', 'testing'].map((l) => [`@hotline/${l}`, [`libs/${l}/src/index.ts`]])),
});
