import type { RedisOptions } from 'bullmq';

/** ioredis options from REDIS_URL. Workers block on Redis; request paths fail fast instead. */
export function redisOptions(url: string, mode: 'worker' | 'producer'): RedisOptions {
  const u = new URL(url);
  const base: RedisOptions = {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    retryStrategy: (times) => Math.min(200 * 2 ** Math.min(times, 5), 5_000),
  };
  return mode === 'worker' ? { ...base, maxRetriesPerRequest: null } : { ...base, maxRetriesPerRequest: 1, enableOfflineQueue: false };
}
