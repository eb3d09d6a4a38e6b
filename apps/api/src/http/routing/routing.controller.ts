import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsNumber, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import {
  LANGUAGES,
  type Language,
  type RoutingModelView,
  type RoutingQueueItem,
  type RoutingSettingsRequest,
  type RoutingSettingsView,
  type RoutingSuggestRequest,
  type RoutingSuggestResponse,
} from '@hotline/contracts';
import { type Actor, RoutingService } from '@hotline/core';
import { CurrentActor, Roles } from '../../common/roles.decorator';
import { NoControlChars, Optional } from '../../common/validators';

class SuggestDto implements RoutingSuggestRequest {
  @ApiProperty({ maxLength: 200 }) @IsString() @MaxLength(200) @NoControlChars() title!: string;
  @ApiProperty({ maxLength: 5000 }) @IsString() @MaxLength(5000) @NoControlChars() content!: string;
  @ApiPropertyOptional({ example: '150802' }) @Optional() @Matches(/^\d{6}$/, { message: 'districtCode must be a 6-digit division code' }) districtCode?: string;
  @ApiPropertyOptional() @Optional() @IsString() @MaxLength(300) @NoControlChars() address?: string;
  @ApiProperty({ enum: LANGUAGES }) @IsIn(LANGUAGES) language!: Language;
}

class SettingsDto implements RoutingSettingsRequest {
  @ApiProperty({ enum: ['auto', 'suggest'] }) @IsIn(['auto', 'suggest']) mode!: 'auto' | 'suggest';
  @ApiProperty({ minimum: 0, maximum: 1 }) @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(1) threshold!: number;
}

class QueueQuery {
  @ApiPropertyOptional({ default: 50 }) @Optional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
}

class RetrainDto {
  @ApiPropertyOptional() @Optional() @IsString() @IsNotEmpty() @MaxLength(200) @NoControlChars() note?: string;
}

@ApiTags('routing')
@ApiBearerAuth()
@Controller('routing')
export class RoutingController {
  constructor(private readonly routing: RoutingService) {}

  /** Ranked units for a text while the agent types (the agent desk calls it). */
  @Post('suggest')
  @HttpCode(200)
  @Roles('agent', 'dispatcher', 'supervisor')
  suggest(@Body() body: SuggestDto): Promise<RoutingSuggestResponse> {
    return this.routing.suggest(body);
  }

  /** 待派单: orders the router left to a dispatcher, oldest first, with its top suggestions. */
  @Get('queue')
  @Roles('dispatcher', 'supervisor')
  queue(@Query() q: QueueQuery): Promise<RoutingQueueItem[]> {
    return this.routing.queue(q.limit ?? 50);
  }

  @Get('settings')
  @Roles('admin', 'supervisor', 'dispatcher')
  settings(): Promise<RoutingSettingsView[]> {
    return this.routing.listSettings();
  }

  /** Mode (auto / suggest) and threshold of one centre. */
  @Put('settings/:centreId')
  @Roles('admin')
  updateSettings(@CurrentActor() actor: Actor, @Param('centreId', new ParseUUIDPipe()) centreId: string, @Body() body: SettingsDto): Promise<RoutingSettingsView> {
    return this.routing.updateSettings(actor, centreId, body);
  }

  @Get('models')
  @Roles('admin', 'supervisor')
  models(): Promise<RoutingModelView[]> {
    return this.routing.models();
  }

  /** Retrain now (the worker also retrains on a schedule). */
  @Post('models/retrain')
  @HttpCode(202)
  @Roles('admin')
  async retrain(@Body() _body: RetrainDto): Promise<{ accepted: true }> {
    await this.routing.requestRetrain();
    return { accepted: true };
  }
}
