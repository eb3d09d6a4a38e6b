import './register-paths';

export default async function globalTeardown(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the paths are registered
  const { dropTestDatabase } = require('./drop-database') as typeof import('./drop-database');
  await dropTestDatabase();
}
