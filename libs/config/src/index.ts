export * from './config.schema';
export * from './load-config';
export * from './config.module';
export * from './logging.module';
export * from './v8-tuning';
export * from './cpu-priority';
