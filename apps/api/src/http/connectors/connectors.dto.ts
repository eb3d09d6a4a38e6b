import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { type ApiKeyRequest, type ConnectorRequest, DELIVERY_EVENTS, DELIVERY_STATUSES, type DeliveryEvent, type DeliveryStatus } from '@hotline/contracts';
import { NoControlChars, Optional } from '../../common/validators';

export class ConnectorDto implements ConnectorRequest {
  /** Checked for http(s) without credentials in core; here only its shape and length. */
  @IsString() @MaxLength(2000) @NoControlChars() url!: string;
  @Optional() @IsArray() @ArrayUnique() @ArrayMaxSize(DELIVERY_EVENTS.length) @IsIn(DELIVERY_EVENTS, { each: true }) events?: DeliveryEvent[];
  @Optional() @IsBoolean() active?: boolean;
}

export class ApiKeyDto implements ApiKeyRequest {
  @Optional() @IsString() @MaxLength(100) @NoControlChars() label?: string;
}

export class DeliveryQueryDto {
  @Optional() @IsIn(DELIVERY_STATUSES) status?: DeliveryStatus;
  @Optional() @IsUUID() workOrderId?: string;
  @Optional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
}
