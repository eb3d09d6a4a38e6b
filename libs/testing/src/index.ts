export * from './poll-until';
export * from './factories';
export * from './test-app';
