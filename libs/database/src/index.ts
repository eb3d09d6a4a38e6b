export * from './snake-naming.strategy';
export * from './data-source-options';
export * from './database.module';
export * from './provision';
export * from './seed/seed';
export { DEPARTMENTS, DISTRICTS, MATTERS } from './seed/demo-data';
