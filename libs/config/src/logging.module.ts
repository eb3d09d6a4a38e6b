import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { IncomingMessage } from 'node:http';
import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG } from './config.module';
import type { AppConfig } from './config.schema';

/** Secrets and citizen data never reach the logs. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  '*.password',
  '*.accessToken',
  '*.refreshToken',
  '*.citizenPhone',
  '*.citizen_phone',
  '*.citizenName',
  '*.citizen_name',
];

/** Structured logs (nestjs-pino) with request ids, shared by the api and the worker. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (cfg: AppConfig) => ({
        pinoHttp: {
          level: cfg.LOG_LEVEL,
          redact: { paths: REDACT_PATHS, censor: '[redacted]' },
          genReqId: (req: IncomingMessage) => (typeof req.headers['x-request-id'] === 'string' ? req.headers['x-request-id'] : randomUUID()),
          autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' || req.url === '/metrics' },
          // In the root logger's bindings, not customProps: customProps costs two child loggers per request.
          base: { pid: process.pid, hostname: hostname(), service: 'hotline' },
        },
      }),
    }),
  ],
})
export class LoggingModule {}
