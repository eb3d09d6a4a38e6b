import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '@hotline/config';
import { dataSourceOptions } from './data-source-options';

/** The apps' connection pool, as the application role. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (cfg: AppConfig) => dataSourceOptions(cfg, 'app'),
    }),
  ],
})
export class DatabaseModule {}
