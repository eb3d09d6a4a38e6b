export * from './enums';
export * from './api';
export * from './jobs';
export * from './connectors';
export * from './accountability';
export * from './routing';
export * from './deadlines';
