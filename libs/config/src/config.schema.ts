// The one declaration of every environment variable the system reads. Validated at boot.
import { z } from 'zod';

const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    `must be a URL starting with ${protocols.join(' or ')}`,
  );

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development').describe('runtime mode'),
  DATABASE_URL: url(['postgres:', 'postgresql:'])
    .default('postgres://postgres@127.0.0.1:5432/hotline')
    .describe('PostgreSQL URL of the schema owner: migrations and seeding run as this user'),
  DATABASE_APP_USER: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, 'must be a lower-case PostgreSQL role name')
    .default('hotline_app')
    .describe('non-superuser role the api and worker connect as (row-level security binds it)'),
  DATABASE_APP_PASSWORD: z.string().min(8).default('hotline_app_dev').describe('password of DATABASE_APP_USER; set it in production'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20).describe('connections of each api process'),
  WORKER_DATABASE_POOL_SIZE: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .default(2)
    .describe("connections of each worker process: its jobs queue for them instead of crowding the api's intake (more worker processes add more)"),
  WORKER_NICE: z.coerce
    .number()
    .int()
    .min(0)
    .max(19)
    .default(10)
    .describe('CPU priority (nice) of each worker process: beside the api and PostgreSQL it yields the CPU to intake; 0 keeps normal priority'),
  DATABASE_POOL_WAIT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .default(30_000)
    .describe('longest wait for a free pooled connection before the work fails (and its job is retried)'),
  REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379').describe('Redis for BullMQ and Socket.io'),
  QUEUE_PREFIX: z.string().default('{hotline}').describe('BullMQ key prefix; braces keep every queue in one Redis Cluster slot'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000).describe('HTTP port of the api'),
  HOST: z.string().default('0.0.0.0').describe('interface the api listens on'),
  JWT_SECRET: z
    .string()
    .min(16, 'must be at least 16 characters')
    .default('dev-only-secret-change-me-0123456789')
    .describe('HMAC secret for access and refresh tokens'),
  CONNECTOR_SECRET_KEY: z
    .string()
    .min(32, 'must be at least 32 characters')
    .default('dev-only-connector-key-change-me-0123456789')
    .describe("key that seals departments' webhook signing secrets at rest (changing it makes every stored secret need a rotation)"),
  JWT_ACCESS_TTL_S: z.coerce.number().int().min(30).default(900).describe('access token lifetime, seconds'),
  JWT_REFRESH_TTL_S: z.coerce
    .number()
    .int()
    .min(60)
    .default(7 * 24 * 3600)
    .describe('refresh token lifetime, seconds'),
  SEED_PASSWORD: z.string().min(8).default('Hotline12345!').describe('password given to every demo user by db:seed'),
  TZ_BUSINESS: z.string().default('Asia/Shanghai').describe('time zone of day boundaries, working days and rates'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('pino log level'),
  OUTBOX_POLL_MS: z.coerce.number().int().min(10).default(200).describe('outbox relay idle poll interval'),
  OUTBOX_BATCH: z.coerce.number().int().min(1).max(5000).default(500).describe('outbox rows claimed per relay batch'),
  OUTBOX_GATHER_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(1000)
    .default(10)
    .describe('outbox relay: wait this long before each claim so the commits of those milliseconds go as one batch (0: none)'),
  OUTBOX_SETTLE_MS: z.coerce
    .number()
    .int()
    .min(2_000)
    .default(10_000)
    .describe('outbox relay: a row whose transaction committed within this long of taking its id is published within a second of the commit'),
  OUTBOX_RESCAN_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .default(60_000)
    .describe('outbox relay: every so often a claim reads the whole unpublished index (rows of longer transactions)'),
  OUTBOX_RETENTION_HOURS: z.coerce.number().int().min(1).default(72).describe('published outbox rows are deleted after this many hours'),
  PROCESSED_JOBS_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .default(45)
    .describe('processed-job records are deleted after this many days (never fewer than the satisfaction reconcile look-back + 1, 36)'),
  INTAKE_BATCH_MAX: z.coerce.number().int().min(1).max(500).default(32).describe('creates written together by one intake statement at most (group commit)'),
  INTAKE_BATCHES_IN_FLIGHT: z.coerce
    .number()
    .int()
    .min(1)
    .max(50)
    .default(2)
    .describe('intake statements running at once per api process; creates that arrive while all run go together in the next'),
  LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).default(10).describe('failed logins per username per 5 minutes'),
});

export type AppConfig = z.infer<typeof configSchema>;

export class ConfigValidationError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
  }
}

export function parseConfig(env: Record<string, string | undefined>): AppConfig {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigValidationError(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const cfg = result.data;
  if (cfg.NODE_ENV === 'production') {
    const weak: string[] = [];
    if (cfg.JWT_SECRET === configSchema.shape.JWT_SECRET.parse(undefined)) weak.push('JWT_SECRET: must be set in production');
    if (cfg.CONNECTOR_SECRET_KEY === configSchema.shape.CONNECTOR_SECRET_KEY.parse(undefined)) weak.push('CONNECTOR_SECRET_KEY: must be set in production');
    if (cfg.DATABASE_APP_PASSWORD === 'hotline_app_dev') weak.push('DATABASE_APP_PASSWORD: must be set in production');
    if (weak.length) throw new ConfigValidationError(weak);
  }
  return cfg;
}

/** The app role's URL: same host and database as DATABASE_URL, other credentials. */
export function appDatabaseUrl(cfg: AppConfig): string {
  const u = new URL(cfg.DATABASE_URL);
  u.username = cfg.DATABASE_APP_USER;
  u.password = cfg.DATABASE_APP_PASSWORD;
  return u.toString();
}

export function databaseName(cfg: AppConfig): string {
  return decodeURIComponent(new URL(cfg.DATABASE_URL).pathname.replace(/^\//, '')) || 'postgres';
}
