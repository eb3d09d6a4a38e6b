// Entry point for the TypeORM CLI (migration:generate / migration:run): connects as the owner.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '@hotline/config';
import { dataSourceOptions } from './data-source-options';

export default new DataSource(dataSourceOptions(loadConfig(), 'owner'));
