import 'reflect-metadata';
import { applyV8Tuning, loadConfig } from '@hotline/config';
import { createApi } from './app.factory';

async function bootstrap(): Promise<void> {
  applyV8Tuning();
  const cfg = loadConfig();
  const app = await createApi(cfg);
  await app.listen({ port: cfg.PORT, host: cfg.HOST });
}

bootstrap().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
