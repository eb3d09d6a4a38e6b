import type { Type } from '@nestjs/common';
import { ConnectorsController } from './connectors.controller';

/** The HTTP adapters of the connectors feature. */
export const CONNECTORS_CONTROLLERS: Type[] = [ConnectorsController];
