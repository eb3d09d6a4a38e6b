import './register-paths';

export default async function globalSetup(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the paths are registered
  const { prepareTestDatabase } = require('./prepare-database') as typeof import('./prepare-database');
  await prepareTestDatabase();
}
