export * from './queue.module';
export * from './outbox-relay.service';
export * from './redis-options';
export * from './outbox-prune.service';
export * from './outbox-jobs';
export * from './claim-start';
