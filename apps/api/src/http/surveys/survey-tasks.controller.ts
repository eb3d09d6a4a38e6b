import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { LANGUAGES, type Language, type Page, SURVEY_TASK_STATUSES, type SurveyTaskListQuery, type SurveyTaskStatus, type SurveyTaskView } from '@hotline/contracts';
import { type Actor, SurveyTasksService } from '@hotline/core';
import { CurrentActor, Roles } from '../../common/roles.decorator';
import { Optional } from '../../common/validators';

const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class SurveyTaskListQueryDto implements SurveyTaskListQuery {
  @ApiPropertyOptional({ enum: SURVEY_TASK_STATUSES, default: 'open' }) @Optional() @IsIn(SURVEY_TASK_STATUSES) status?: SurveyTaskStatus;
  @ApiPropertyOptional() @Optional() @Transform(toBool) @IsBoolean() overdue?: boolean;
  @ApiPropertyOptional({ enum: LANGUAGES }) @Optional() @IsIn(LANGUAGES) language?: Language;
  @ApiPropertyOptional({ minimum: 1, maximum: 200 }) @Optional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @ApiPropertyOptional() @Optional() @IsString() @MaxLength(200) cursor?: string;
}

@ApiTags('survey-tasks')
@ApiBearerAuth()
@Controller('survey-tasks')
export class SurveyTasksController {
  constructor(private readonly tasks: SurveyTasksService) {}

  /**
   * 回访任务: the satisfaction callbacks owed, soonest due first. Phones are masked; the agent dials
   * through the audited GET /api/work-orders/:id/contact. Agents see only their languages' tasks.
   */
  @Get()
  @Roles('agent', 'dispatcher', 'supervisor')
  list(@CurrentActor() actor: Actor, @Query() q: SurveyTaskListQueryDto): Promise<Page<SurveyTaskView>> {
    return this.tasks.list(actor, q);
  }
}
