// Boots the real api (and optionally the real worker) in the test process.
import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { type AppConfig, loadConfig } from '@hotline/config';
import { dataSourceOptions } from '@hotline/database';
import { createApi } from '../../../apps/api/src/app.factory';
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

export async function bootTestApp(opts: { worker?: boolean; env?: Record<string, string> } = {}): Promise<TestApp> {
  const cfg = loadConfig(opts.env ?? {});
  const api = await createApi(cfg, { logger: false });
  await api.init();
  await api.getHttpAdapter().getInstance().ready();
  const owner = new DataSource(dataSourceOptions(cfg, 'owner'));
  await owner.initialize();
  const worker = opts.worker ? await bootTestWorker(cfg) : undefined;
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

/** A worker (outbox relay and processors) on its own config, e.g. pointed at an unreachable Redis. */
export async function bootTestWorker(cfg: AppConfig = loadConfig({})): Promise<INestApplicationContext> {
  const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(cfg), { logger: false, abortOnError: false });
  await worker.init();
  return worker;
}
