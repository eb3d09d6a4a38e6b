import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '@hotline/config';
import { type PoolOwner, dataSourceOptions } from './data-source-options';

/** The apps' connection pool, as the application role, sized for the process that owns it. */
@Module({})
export class DatabaseModule {
  static forRoot(pool: PoolOwner): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (cfg: AppConfig) => dataSourceOptions(cfg, 'app', pool),
        }),
      ],
    };
  }
}
