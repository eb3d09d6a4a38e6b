// Builds the api (Fastify) the same way for main.ts and the tests.
import helmet from '@fastify/helmet';
import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '@hotline/config';
import { ApiModule } from './api.module';
import { ReservedKeysPipe } from './common/reserved-keys.pipe';

export async function createApi(config?: AppConfig, opts: { logger?: boolean } = {}): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    ApiModule.forRoot(config),
    new FastifyAdapter({ bodyLimit: 256 * 1024, trustProxy: true }),
    { bufferLogs: true, abortOnError: false, ...(opts.logger === false ? { logger: false } : {}) },
  );
  if (opts.logger !== false) app.useLogger(app.get(Logger));
  await app.register(helmet, { contentSecurityPolicy: false });
  // A JSON body goes out as one UTF-8 Buffer, encoded once. Left a string, Fastify measures it
  // (Buffer.byteLength flattens JSON.stringify's rope into a copy) and Node prepends the header block
  // to it (a second copy of the whole body): two transient copies of every list page (~60 KB each,
  // two bytes a character for Chinese text), a sixth of the list's allocation.
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', (_req, _reply, payload, done) => done(null, typeof payload === 'string' ? Buffer.from(payload) : payload));
  app.setGlobalPrefix('api', { exclude: ['health', 'health/ready'] });
  app.useGlobalPipes(
    new ReservedKeysPipe(),
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
      validationError: { target: false, value: false },
    }),
  );
  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle('12345 hotline API').setDescription('Work orders, dispatch and rates').setVersion('0.1').addBearerAuth().build(),
  );
  SwaggerModule.setup('api/docs', app, doc);
  app.enableShutdownHooks();
  return app;
}
