import { createHash } from 'node:crypto';
import { HttpException, HttpStatus, Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@hotline/config';
import { redisOptions } from '@hotline/queue';

const WINDOW_S = 300;

/**
 * Failed logins per username in a 5-minute window, counted in Redis so every api process shares them.
 * The key is a hash (no usernames in Redis). If Redis is away the limit is skipped, not the login.
 */
@Injectable()
export class LoginThrottle implements OnModuleDestroy {
  private readonly log = new Logger(LoginThrottle.name);
  private readonly redis: Redis;

  constructor(@Inject(APP_CONFIG) private readonly cfg: AppConfig) {
    this.redis = new Redis({ ...redisOptions(cfg.REDIS_URL, 'producer'), lazyConnect: false });
    this.redis.on('error', () => undefined);
  }

  private key(username: string): string {
    return `${this.cfg.QUEUE_PREFIX}:login-fail:${createHash('sha256').update(username.toLowerCase()).digest('hex').slice(0, 32)}`;
  }

  async check(username: string): Promise<void> {
    const n = Number(await this.redis.get(this.key(username)).catch(() => null));
    if (n >= this.cfg.LOGIN_RATE_LIMIT) {
      throw new HttpException({ message: 'too many failed logins; try again in a few minutes' }, HttpStatus.TOO_MANY_REQUESTS);
    }
  }

  async fail(username: string): Promise<void> {
    try {
      await this.redis.multi().incr(this.key(username)).expire(this.key(username), WINDOW_S).exec();
    } catch (err) {
      this.log.warn(`login throttle unavailable: ${(err as Error).message}`);
    }
  }

  async reset(username: string): Promise<void> {
    await this.redis.del(this.key(username)).catch(() => undefined);
  }

  async onModuleDestroy(): Promise<void> {
    this.redis.disconnect();
  }
}
