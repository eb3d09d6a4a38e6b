import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AccountabilityInterviewView, AccountabilityReport } from '@hotline/contracts';
import { type Actor, AccountabilityService } from '@hotline/core';
import { CurrentActor, Roles } from '../../common/roles.decorator';
import { MonthQueryDto, RecordInterviewDto } from './accountability.dto';

/** 约谈: the monthly list of units below the thresholds, and the interviews held with them. */
@ApiTags('accountability')
@ApiBearerAuth()
@Controller('accountability')
export class AccountabilityController {
  constructor(private readonly accountability: AccountabilityService) {}

  /** Every first-level unit's month (street offices within their district), candidates first with their reasons. */
  @Get()
  @Roles('supervisor', 'dispatcher', 'admin')
  list(@Query() q: MonthQueryDto): Promise<AccountabilityReport> {
    return this.accountability.list(q.month);
  }

  @Get('interviews')
  @Roles('supervisor', 'dispatcher', 'admin')
  interviews(@Query() q: MonthQueryDto): Promise<AccountabilityInterviewView[]> {
    return this.accountability.interviews(q.month);
  }

  /** A supervisor records an interview held with a unit about a month, with its outcome. */
  @Post('interviews')
  @Roles('supervisor', 'admin')
  record(@CurrentActor() actor: Actor, @Body() body: RecordInterviewDto): Promise<AccountabilityInterviewView> {
    return this.accountability.recordInterview(actor, body);
  }
}
