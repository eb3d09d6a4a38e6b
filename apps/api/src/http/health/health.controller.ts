import { Controller, Get, Inject, type OnModuleDestroy } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, type HealthIndicatorResult, TypeOrmHealthIndicator, HealthIndicatorService } from '@nestjs/terminus';
import { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@hotline/config';
import { redisOptions } from '@hotline/queue';
import { Public } from '../../common/roles.decorator';

@ApiTags('health')
@Controller('health')
export class HealthController implements OnModuleDestroy {
  private readonly redis: Redis;

  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicator: HealthIndicatorService,
    @Inject(APP_CONFIG) cfg: AppConfig,
  ) {
    this.redis = new Redis(redisOptions(cfg.REDIS_URL, 'producer'));
    this.redis.on('error', () => undefined);
  }

  /** Liveness: the process answers. */
  @Public()
  @Get()
  live() {
    return { status: 'ok' };
  }

  /** Readiness: PostgreSQL and Redis answer. */
  @Public()
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([() => this.db.pingCheck('database', { timeout: 2_000 }), () => this.redisCheck()]);
  }

  private async redisCheck(): Promise<HealthIndicatorResult> {
    const check = this.indicator.check('redis');
    try {
      await this.redis.ping();
      return check.up();
    } catch (err) {
      return check.down({ message: (err as Error).message });
    }
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}
