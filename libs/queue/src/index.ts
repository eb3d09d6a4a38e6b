export * from './queue.module';
export * from './outbox-relay.service';
export * from './redis-options';
