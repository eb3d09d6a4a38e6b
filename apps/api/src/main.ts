import 'reflect-metadata';
import { loadConfig } from '@hotline/config';
import { createApi } from './app.factory';

async function bootstrap(): Promise<void> {
  const cfg = loadConfig();
  const app = await createApi(cfg);
  await app.listen({ port: cfg.PORT, host: cfg.HOST });
}

bootstrap().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
