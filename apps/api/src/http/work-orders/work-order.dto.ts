// Request DTOs: the contracts' shapes with validation. Unknown fields are refused (forbidNonWhitelisted).
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import {
  CHANNELS,
  type Channel,
  type CreateWorkOrderRequest,
  type DispatchRequest,
  type ExtensionRequestBody,
  type ExtensionReviewRequest,
  LANGUAGES,
  type Language,
  type MergeRequest,
  PRIORITIES,
  type Priority,
  REQUEST_KINDS,
  RETURN_REASONS,
  type RejectRequest,
  type ReplyRequest,
  type RequestKind,
  type ReturnReason,
  type ReturnRequestBody,
  type ReturnReviewRequest,
  SATISFACTION_RATINGS,
  SURVEY_OUTCOMES,
  type SatisfactionRating,
  type SuperviseRequest,
  type SurveyOutcome,
  type SurveyRequest,
  WORK_ORDER_STATUSES,
  type WorkOrderListQuery,
  type WorkOrderStatus,
} from '@hotline/contracts';
import { NoControlChars, Optional } from '../../common/validators';

export class CreateWorkOrderDto implements CreateWorkOrderRequest {
  @ApiProperty({ enum: REQUEST_KINDS }) @IsIn(REQUEST_KINDS) kind!: RequestKind;
  @ApiProperty({ enum: PRIORITIES }) @IsIn(PRIORITIES) priority!: Priority;
  @ApiProperty({ enum: LANGUAGES }) @IsIn(LANGUAGES) language!: Language;
  @ApiProperty({ enum: CHANNELS }) @IsIn(CHANNELS) channel!: Channel;
  @ApiProperty({ maxLength: 200 }) @IsString() @IsNotEmpty() @MaxLength(200) @NoControlChars() title!: string;
  @ApiProperty({ maxLength: 5000 }) @IsString() @IsNotEmpty() @MaxLength(5000) @NoControlChars() content!: string;
  @ApiPropertyOptional({ description: 'Chinese summary; required for Mongolian-language orders' })
  @Optional() @IsString() @MaxLength(2000) @NoControlChars() summaryZh?: string;
  @ApiPropertyOptional() @Optional() @IsString() @MaxLength(300) @NoControlChars() address?: string;
  @ApiPropertyOptional({ example: '150802' }) @Optional() @Matches(/^\d{6}$/, { message: 'districtCode must be a 6-digit division code' }) districtCode?: string;
  @ApiPropertyOptional({ example: 'cg.noise.construction' }) @Optional() @Matches(/^[a-z0-9_.-]{1,100}$/, { message: 'matterCode must be a catalogue code' }) matterCode?: string;
  @ApiPropertyOptional() @Optional() @IsString() @MaxLength(100) @NoControlChars() citizenName?: string;
  @ApiPropertyOptional({ example: '13812341234' }) @Optional() @Matches(/^\+?[0-9][0-9 -]{2,19}$/, { message: 'citizenPhone must be a phone number' }) citizenPhone?: string;
  @ApiPropertyOptional() @Optional() @IsBoolean() confidential?: boolean;
  @ApiPropertyOptional({ description: '直接答复: answering now closes the order' }) @Optional() @IsString() @IsNotEmpty() @MaxLength(5000) @NoControlChars() answer?: string;
}


export class RejectDto implements RejectRequest {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(2000) @NoControlChars() reason!: string;
}
export class DispatchDto implements DispatchRequest {
  @ApiProperty() @IsUUID() departmentId!: string;
  @ApiPropertyOptional() @Optional() @IsString() @MaxLength(300) @NoControlChars() note?: string;
}
export class ReturnDto implements ReturnRequestBody {
  @ApiProperty({ enum: RETURN_REASONS }) @IsIn(RETURN_REASONS) reasonCode!: ReturnReason;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(2000) @NoControlChars() note!: string;
}
export class ReturnReviewDto implements ReturnReviewRequest {
  @ApiProperty() @IsBoolean() approved!: boolean;
  /** The unit to re-dispatch to; leave it out to let the router choose (it skips every unit that returned the order). */
  @ApiPropertyOptional() @Optional() @IsUUID() departmentId?: string;
  @ApiPropertyOptional() @Optional() @IsString() @MaxLength(2000) @NoControlChars() note?: string;
}
export class ExtensionDto implements ExtensionRequestBody {
  @ApiProperty({ minimum: 1, maximum: 30 }) @IsInt() @Min(1) @Max(30) days!: number;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(2000) @NoControlChars() reason!: string;
}
export class ExtensionReviewDto implements ExtensionReviewRequest {
  @ApiProperty() @IsBoolean() approved!: boolean;
  @ApiPropertyOptional() @Optional() @IsString() @MaxLength(2000) @NoControlChars() note?: string;
}
export class ReplyDto implements ReplyRequest {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(5000) @NoControlChars() content!: string;
}
export class SurveyDto implements SurveyRequest {
  @ApiProperty({ enum: SURVEY_OUTCOMES }) @IsIn(SURVEY_OUTCOMES) outcome!: SurveyOutcome;
  @ApiPropertyOptional({ enum: SATISFACTION_RATINGS })
  @ValidateIf((o: SurveyDto) => o.outcome === 'reached' || o.rating !== undefined)
  @IsIn(SATISFACTION_RATINGS, { message: 'rating is required when the citizen was reached, and must be one of the five ratings' })
  rating?: SatisfactionRating;
  @ApiPropertyOptional() @Optional() @IsBoolean() resolved?: boolean;
  @ApiPropertyOptional() @Optional() @IsString() @MaxLength(2000) @NoControlChars() comment?: string;
}
export class NoteDto {
  @ApiPropertyOptional() @Optional() @IsString() @MaxLength(2000) @NoControlChars() note?: string;
}
export class MergeDto implements MergeRequest {
  @ApiProperty() @IsUUID() intoId!: string;
}
export class SuperviseDto implements SuperviseRequest {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(2000) @NoControlChars() note!: string;
}

const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class WorkOrderListQueryDto implements WorkOrderListQuery {
  @ApiPropertyOptional({ enum: WORK_ORDER_STATUSES }) @Optional() @IsIn(WORK_ORDER_STATUSES) status?: WorkOrderStatus;
  @ApiPropertyOptional() @Optional() @IsUUID() departmentId?: string;
  @ApiPropertyOptional({ enum: REQUEST_KINDS }) @Optional() @IsIn(REQUEST_KINDS) kind?: RequestKind;
  @ApiPropertyOptional({ enum: PRIORITIES }) @Optional() @IsIn(PRIORITIES) priority?: Priority;
  @ApiPropertyOptional({ enum: LANGUAGES }) @Optional() @IsIn(LANGUAGES) language?: Language;
  @ApiPropertyOptional() @Optional() @Transform(toBool) @IsBoolean() overdue?: boolean;
  @ApiPropertyOptional({ example: '2026-11-01' }) @Optional() @Matches(/^\d{4}-\d{2}-\d{2}$/) @IsDateString({ strict: true }) from?: string;
  @ApiPropertyOptional({ example: '2026-11-30' }) @Optional() @Matches(/^\d{4}-\d{2}-\d{2}$/) @IsDateString({ strict: true }) to?: string;
  @ApiPropertyOptional({ description: 'text search (Chinese word segmentation) or an order code' }) @Optional() @IsString() @MaxLength(100) @NoControlChars() q?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 200 }) @Optional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @ApiPropertyOptional() @Optional() @IsString() @MaxLength(200) cursor?: string;
}
