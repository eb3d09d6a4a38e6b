import { IsIn, IsISO8601, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { INTERVIEW_OUTCOMES, type InterviewOutcome, type RecordInterviewRequest } from '@hotline/contracts';
import { NoControlChars } from '../../common/validators';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export class MonthQueryDto {
  @Matches(MONTH, { message: 'month must be YYYY-MM (e.g. 2026-11)' }) month!: string;
}

export class RecordInterviewDto implements RecordInterviewRequest {
  @IsUUID(undefined, { message: 'departmentId must be a department id (uuid)' }) departmentId!: string;
  @Matches(MONTH, { message: 'month must be YYYY-MM (e.g. 2026-11)' }) month!: string;
  @IsISO8601({ strict: true, strictSeparator: true }, { message: 'interviewedAt must be an ISO 8601 date-time' }) interviewedAt!: string;
  @IsIn(INTERVIEW_OUTCOMES, { message: `outcome must be one of ${INTERVIEW_OUTCOMES.join(', ')}` }) outcome!: InterviewOutcome;
  @IsString() @MinLength(1, { message: 'note must say what was discussed' }) @MaxLength(4000) @NoControlChars() note!: string;
}
