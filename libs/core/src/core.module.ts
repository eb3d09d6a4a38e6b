// The domain, assembled once: the api and the worker import the same module.
import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '@hotline/config';
import { AuthService } from './auth/auth.service';
import { CalendarService } from './calendar/calendar.service';
import { CatalogueService } from './catalogue/catalogue.service';
import { DepartmentsService } from './departments/departments.service';
import { SatisfactionService } from './metrics/satisfaction.service';
import { ProcessedJobsRetentionService } from './outbox/processed-jobs-retention';
import { CLOCK, systemClock } from './shared/clock';
import { UsersService } from './users/users.service';
import { WorkOrderLifecycleService } from './work-orders/work-order-lifecycle.service';
import { WorkOrderRepository } from './work-orders/work-order.repository';
import { WorkOrdersService } from './work-orders/work-orders.service';
import { ACCOUNTABILITY_PROVIDERS, ACCOUNTABILITY_REACTIONS } from './accountability';
import { CONNECTORS_PROVIDERS, CONNECTORS_REACTIONS } from './connectors';
import { DEADLINES_HOOKS, DEADLINES_PROVIDERS, DEADLINES_REACTIONS } from './deadlines';
import { ROUTING_PROVIDERS, ROUTING_REACTIONS } from './routing';
import { EVENT_REACTIONS, type EventReaction } from './shared/event-reaction';
import { TRANSITION_HOOKS, type TransitionHook } from './shared/transition-hook';

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
  ProcessedJobsRetentionService,
];

const FEATURE_PROVIDERS = [...ROUTING_PROVIDERS, ...DEADLINES_PROVIDERS, ...CONNECTORS_PROVIDERS, ...ACCOUNTABILITY_PROVIDERS];

/** Every reaction to committed events; the worker's events processor hands each event to all of them. */
const REACTIONS = [SatisfactionService, ...ROUTING_REACTIONS, ...DEADLINES_REACTIONS, ...CONNECTORS_REACTIONS, ...ACCOUNTABILITY_REACTIONS];
const eventReactions = { provide: EVENT_REACTIONS, useFactory: (...reactions: EventReaction[]) => reactions, inject: REACTIONS };
/** Work that commits with a lifecycle change (the order's next timer). */
const HOOKS = [...DEADLINES_HOOKS];
const transitionHooks = { provide: TRANSITION_HOOKS, useFactory: (...hooks: TransitionHook[]) => hooks, inject: HOOKS };

@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      // A KeyObject, built once: given a string, jsonwebtoken first tries to parse it as a public key
      // on every verify (about 0.5 ms of CPU per request) before falling back to HMAC.
      useFactory: (cfg: AppConfig) => ({
        secret: createSecretKey(Buffer.from(cfg.JWT_SECRET, 'utf8')) as unknown as string,
        signOptions: { algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  providers: [...SERVICES, ...FEATURE_PROVIDERS, eventReactions, transitionHooks, { provide: CLOCK, useValue: systemClock }],
  exports: [...SERVICES, ...FEATURE_PROVIDERS, EVENT_REACTIONS, CLOCK],
})
export class CoreModule {}
