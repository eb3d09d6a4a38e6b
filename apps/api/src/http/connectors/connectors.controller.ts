import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { ApiKeyIssuedView, ApiKeyView, ConnectorSecretView, ConnectorView, DeliveryView } from '@hotline/contracts';
import { type Actor, ApiKeysService, ConnectorsService } from '@hotline/core';
import { CurrentActor, Roles } from '../../common/roles.decorator';
import { ApiKeyDto, ConnectorDto, DeliveryQueryDto } from './connectors.dto';

const Id = (name = 'id') => Param(name, new ParseUUIDPipe({ version: undefined }));

/**
 * A department's own business system (垂建系统): its webhook (admins register it; the unit reads its
 * own), the delivery log, and the API keys its system acts with.
 */
@ApiTags('connectors')
@ApiBearerAuth()
@ApiHeader({ name: 'X-Api-Key', required: false, description: 'a department system may read its own connector and delivery log with its API key' })
@Controller('departments/:id')
export class ConnectorsController {
  constructor(
    private readonly connectors: ConnectorsService,
    private readonly keys: ApiKeysService,
  ) {}

  /** Creates (answers the signing secret, once) or updates the unit's webhook. */
  @Put('connector')
  @Roles('admin')
  register(@CurrentActor() a: Actor, @Id() id: string, @Body() b: ConnectorDto): Promise<ConnectorView | ConnectorSecretView> {
    return this.connectors.register(a, id, b);
  }

  @Get('connector')
  @Roles('admin', 'department')
  get(@CurrentActor() a: Actor, @Id() id: string): Promise<ConnectorView> {
    return this.connectors.get(a, id);
  }

  /** Disables the webhook: no new deliveries; pending ones are cancelled. */
  @Delete('connector')
  @Roles('admin')
  disable(@CurrentActor() a: Actor, @Id() id: string): Promise<ConnectorView> {
    return this.connectors.disable(a, id);
  }

  @Post('connector/rotate-secret')
  @HttpCode(200)
  @Roles('admin')
  rotate(@CurrentActor() a: Actor, @Id() id: string): Promise<ConnectorSecretView> {
    return this.connectors.rotateSecret(a, id);
  }

  /** The delivery log: every delivery with its attempts, status codes and errors. */
  @Get('deliveries')
  @Roles('admin', 'department')
  deliveries(@CurrentActor() a: Actor, @Id() id: string, @Query() q: DeliveryQueryDto): Promise<DeliveryView[]> {
    return this.connectors.deliveries(a, id, q);
  }

  /** Issues an API key (answered once; only its hash is kept). */
  @Post('api-keys')
  @Roles('admin')
  issueKey(@CurrentActor() a: Actor, @Id() id: string, @Body() b: ApiKeyDto): Promise<ApiKeyIssuedView> {
    return this.keys.issue(a, id, b.label);
  }

  @Get('api-keys')
  @Roles('admin')
  listKeys(@Id() id: string): Promise<ApiKeyView[]> {
    return this.keys.list(id);
  }

  @Delete('api-keys/:keyId')
  @Roles('admin')
  revokeKey(@Id() id: string, @Id('keyId') keyId: string): Promise<ApiKeyView> {
    return this.keys.revoke(id, keyId);
  }
}
