// Request DTOs: the contracts' shapes with validation. Unknown fields are refused (forbidNonWhitelisted).
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
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
import { NoControlChars } from '../../common/validators';

export class CreateWorkOrderDto implements CreateWorkOrderRequest {
  @ApiProperty({ enum: REQUEST_KINDS }) @IsIn(REQUEST_KINDS) kind!: RequestKind;
  @ApiProperty({ enum: PRIORITIES }) @IsIn(PRIORITIES) priority!: Priority;
  @ApiProperty({ enum: LANGUAGES }) @IsIn(LANGUAGES) language!: Language;
  @ApiProperty({ enum: CHANNELS }) @IsIn(CHANNELS) channel!: Channel;
  @ApiProperty({ maxLength: 200 }) @IsString() @IsNotEmpty() @MaxLength(200) @NoControlChars() title!: string;
  @ApiProperty({ maxLength: 5000 }) @IsString() @IsNotEmpty() @MaxLength(5000) @NoControlChars() content!: string;
  @ApiPropertyOptional({ description: 'Chinese summary; required for Mongolian-language orders' })
  @IsOptional() @IsString() @MaxLength(2000) @NoControlChars() summaryZh?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300) @NoControlChars() address?: string;
  @ApiPropertyOptional({ example: '150802' }) @IsOptional() @Matches(/^\d{6}$/, { message: 'districtCode must be a 6-digit division code' }) districtCode?: string;
  @ApiPropertyOptional({ example: 'cg.noise.construction' }) @IsOptional() @Matches(/^[a-z0-9_.-]{1,100}$/, { message: 'matterCode must be a catalogue code' }) matterCode?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) @NoControlChars() citizenName?: string;
  @ApiPropertyOptional({ example: '13812341234' }) @IsOptional() @Matches(/^\+?[0-9][0-9 -]{2,19}$/, { message: 'citizenPhone must be a phone number' }) citizenPhone?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() confidential?: boolean;
  @ApiPropertyOptional({ description: '直接答复: answering now closes the order' }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(5000) @NoControlChars() answer?: string;
}


export class RejectDto implements RejectRequest {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(2000) @NoControlChars() reason!: string;
}
export class DispatchDto implements DispatchRequest {
  @ApiProperty() @IsUUID() departmentId!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300) @NoControlChars() note?: string;
}
export class ReturnDto implements ReturnRequestBody {
  @ApiProperty({ enum: RETURN_REASONS }) @IsIn(RETURN_REASONS) reasonCode!: ReturnReason;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(2000) @NoControlChars() note!: string;
}
export class ReturnReviewDto implements ReturnReviewRequest {
  @ApiProperty() @IsBoolean() approved!: boolean;
  @ApiPropertyOptional() @ValidateIf((o: ReturnReviewDto) => o.approved === true || o.departmentId !== undefined) @IsUUID() departmentId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) @NoControlChars() note?: string;
}
export class ExtensionDto implements ExtensionRequestBody {
  @ApiProperty({ minimum: 1, maximum: 30 }) @IsInt() @Min(1) @Max(30) days!: number;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(2000) @NoControlChars() reason!: string;
}
export class ExtensionReviewDto implements ExtensionReviewRequest {
  @ApiProperty() @IsBoolean() approved!: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) @NoControlChars() note?: string;
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
  @ApiPropertyOptional() @IsOptional() @IsBoolean() resolved?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) @NoControlChars() comment?: string;
}
export class NoteDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) @NoControlChars() note?: string;
}
export class MergeDto implements MergeRequest {
  @ApiProperty() @IsUUID() intoId!: string;
}
export class SuperviseDto implements SuperviseRequest {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(2000) @NoControlChars() note!: string;
}

const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class WorkOrderListQueryDto implements WorkOrderListQuery {
  @ApiPropertyOptional({ enum: WORK_ORDER_STATUSES }) @IsOptional() @IsIn(WORK_ORDER_STATUSES) status?: WorkOrderStatus;
  @ApiPropertyOptional() @IsOptional() @IsUUID() departmentId?: string;
  @ApiPropertyOptional({ enum: REQUEST_KINDS }) @IsOptional() @IsIn(REQUEST_KINDS) kind?: RequestKind;
  @ApiPropertyOptional({ enum: PRIORITIES }) @IsOptional() @IsIn(PRIORITIES) priority?: Priority;
  @ApiPropertyOptional({ enum: LANGUAGES }) @IsOptional() @IsIn(LANGUAGES) language?: Language;
  @ApiPropertyOptional() @IsOptional() @Transform(toBool) @IsBoolean() overdue?: boolean;
  @ApiPropertyOptional({ example: '2026-11-01' }) @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/) @IsDateString({ strict: true }) from?: string;
  @ApiPropertyOptional({ example: '2026-11-30' }) @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/) @IsDateString({ strict: true }) to?: string;
  @ApiPropertyOptional({ description: 'text search (Chinese word segmentation) or an order code' }) @IsOptional() @IsString() @MaxLength(100) @NoControlChars() q?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 200 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) cursor?: string;
}
