import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { type AppConfig, ConfigModule, LoggingModule } from '@hotline/config';
import { CoreModule } from '@hotline/core';
import { DatabaseModule } from '@hotline/database';
import { AuthGuard } from './common/auth.guard';
import { DomainExceptionFilter } from './common/domain-exception.filter';
import { AuthController } from './http/auth/auth.controller';
import { LoginThrottle } from './http/auth/login-throttle';
import { DepartmentsController } from './http/departments/departments.controller';
import { HealthController } from './http/health/health.controller';
import { MetricsController } from './http/metrics/metrics.controller';
import { UsersController } from './http/users/users.controller';
import { WorkOrdersController } from './http/work-orders/work-orders.controller';
import { ACCOUNTABILITY_CONTROLLERS } from './http/accountability';
import { CONNECTORS_CONTROLLERS } from './http/connectors';
import { ROUTING_CONTROLLERS } from './http/routing';
import { SURVEYS_CONTROLLERS } from './http/surveys';

export const CONTROLLERS = [
  AuthController,
  UsersController,
  DepartmentsController,
  WorkOrdersController,
  MetricsController,
  HealthController,
  ...ROUTING_CONTROLLERS,
  ...CONNECTORS_CONTROLLERS,
  ...ACCOUNTABILITY_CONTROLLERS,
  ...SURVEYS_CONTROLLERS,
];

@Module({})
export class ApiModule {
  static forRoot(config?: AppConfig) {
    return {
      module: ApiModule,
      imports: [ConfigModule.forRoot(config), LoggingModule, DatabaseModule.forRoot('api'), CoreModule, TerminusModule],
      controllers: CONTROLLERS,
      providers: [LoginThrottle, { provide: APP_GUARD, useClass: AuthGuard }, { provide: APP_FILTER, useClass: DomainExceptionFilter }],
    };
  }
}
