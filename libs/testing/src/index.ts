export * from './poll-until';
export * from './factories';
export * from './test-app';
export * from './redis-server';
export * from './routing-corpus';
export * from './fixed-clock';
export { deleteQueueKeys } from './drop-database';
export * from './isolated-database';
export * from './worker-database';
