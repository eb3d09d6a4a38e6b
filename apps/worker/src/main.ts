import 'reflect-metadata';
import { Role } from '@hotline/contracts';
import { loadConfig } from '@hotline/config';
console.log(Role.Agent, loadConfig().PORT);
