// Boots the real api (and optionally the real worker) in the test process.
import 'reflect-metadata';
import { type INestApplicationContext, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { type AppConfig, loadConfig } from '@hotline/config';
import { CLOCK, type Clock } from '@hotline/core';
import { dataSourceOptions } from '@hotline/database';
import { ApiModule } from '../../../apps/api/src/api.module';
import { createApi } from '../../../apps/api/src/app.factory';
import { ReservedKeysPipe } from '../../../apps/api/src/common/reserved-keys.pipe';
import { WorkerModule } from '../../../apps/worker/src/worker.module';
import { TEST_PASSWORD, type TestUser } from './factories';

export interface TestApp {
  cfg: AppConfig;
  api: NestFastifyApplication;
  http: () => ReturnType<typeof request>;
  /** Owner connection for arranging data and for assertions that must see every row. */
  owner: DataSource;
  worker?: INestApplicationContext;
  token(user: TestUser | string, password?: string): Promise<string>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  worker?: boolean;
  env?: Record<string, string>;
  /**
   * Replaces the CLOCK provider in the api (and the worker), e.g. a FixedClock the test advances. A
   * worker on a test clock also relays and processes other test files' jobs (one database and queue
   * prefix per run) and sweeps their deadlines at its time: prefer calling the processors directly.
   */
  clock?: Clock;
}

export async function bootTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const cfg = loadConfig(opts.env ?? {});
  const api = opts.clock ? await createApiWithClock(cfg, opts.clock) : await createApi(cfg, { logger: false });
  await api.init();
  await api.getHttpAdapter().getInstance().ready();
  const owner = new DataSource(dataSourceOptions(cfg, 'owner'));
  await owner.initialize();
  const worker = opts.worker ? await bootTestWorker(cfg, { clock: opts.clock }) : undefined;
  const tokens = new Map<string, string>();
  const http = () => request(api.getHttpServer());
  return {
    cfg,
    api,
    http,
    owner,
    worker,
    async token(user, password) {
      const username = typeof user === 'string' ? user : user.username;
      const cached = tokens.get(username);
      if (cached) return cached;
      const res = await http()
        .post('/api/auth/login')
        .send({ username, password: password ?? (typeof user === 'string' ? cfg.SEED_PASSWORD : TEST_PASSWORD) });
      if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
      tokens.set(username, res.body.accessToken);
      return res.body.accessToken as string;
    },
    async close() {
      await worker?.close();
      await api.close();
      await owner.destroy();
    },
  };
}

/** A worker (outbox relay and processors) on its own config, e.g. pointed at an unreachable Redis; optionally on a test clock. */
export async function bootTestWorker(cfg: AppConfig = loadConfig({}), opts: { clock?: Clock } = {}): Promise<INestApplicationContext> {
  if (opts.clock) {
    const moduleRef = await Test.createTestingModule({ imports: [WorkerModule.forRoot(cfg)] })
      .overrideProvider(CLOCK)
      .useValue(opts.clock)
      .compile();
    moduleRef.useLogger(false);
    await moduleRef.init();
    return moduleRef;
  }
  const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(cfg), { logger: false, abortOnError: false });
  await worker.init();
  return worker;
}

/**
 * The api on a test clock. Nest can only replace a provider through a testing module, so this builds
 * the same ApiModule there and applies what createApi applies that requests depend on (the /api prefix
 * and the validation pipes); helmet and the OpenAPI page are left out.
 */
async function createApiWithClock(cfg: AppConfig, clock: Clock): Promise<NestFastifyApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [ApiModule.forRoot(cfg)] })
    .overrideProvider(CLOCK)
    .useValue(clock)
    .compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter({ bodyLimit: 256 * 1024, trustProxy: true }), { logger: false });
  app.setGlobalPrefix('api', { exclude: ['health', 'health/ready'] });
  app.useGlobalPipes(
    new ReservedKeysPipe(),
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, stopAtFirstError: false, validationError: { target: false, value: false } }),
  );
  return app;
}
