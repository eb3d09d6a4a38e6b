// The domain, assembled once: the api and the worker import the same module.
import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '@hotline/config';
import { AuthService } from './auth/auth.service';
import { CalendarService } from './calendar/calendar.service';
import { CatalogueService } from './catalogue/catalogue.service';
import { DepartmentsService } from './departments/departments.service';
import { SatisfactionService } from './metrics/satisfaction.service';
import { CLOCK, systemClock } from './shared/clock';
import { UsersService } from './users/users.service';
import { WorkOrderLifecycleService } from './work-orders/work-order-lifecycle.service';
import { WorkOrderRepository } from './work-orders/work-order.repository';
import { WorkOrdersService } from './work-orders/work-orders.service';

const SERVICES = [
  AuthService,
  CalendarService,
  CatalogueService,
  DepartmentsService,
  UsersService,
  WorkOrderRepository,
  WorkOrdersService,
  WorkOrderLifecycleService,
  SatisfactionService,
];

@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (cfg: AppConfig) => ({ secret: cfg.JWT_SECRET, signOptions: { algorithm: 'HS256' }, verifyOptions: { algorithms: ['HS256'] } }),
    }),
  ],
  providers: [...SERVICES, { provide: CLOCK, useValue: systemClock }],
  exports: [...SERVICES, CLOCK],
})
export class CoreModule {}
