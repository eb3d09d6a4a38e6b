import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsDateString, IsIn, Matches } from 'class-validator';
import type { DispatchMetricsReport, SatisfactionReport } from '@hotline/contracts';
import { DispatchMetricsService, SatisfactionService } from '@hotline/core';
import { Roles } from '../../common/roles.decorator';
import { Optional } from '../../common/validators';

class RateQuery {
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be YYYY-MM-DD' }) @IsDateString({ strict: true }) from!: string;
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'to must be YYYY-MM-DD' }) @IsDateString({ strict: true }) to!: string;
  @Optional() @IsIn(['day', 'department']) groupBy?: 'day' | 'department';
}

@ApiTags('metrics')
@ApiBearerAuth()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly satisfaction: SatisfactionService,
    private readonly dispatch: DispatchMetricsService,
  ) {}

  /** 满意率 per day or per department, with numerator, denominator and the strict rate. */
  @Get('satisfaction')
  @Roles('supervisor', 'dispatcher', 'admin')
  satisfactionRate(@Query() q: RateQuery): Promise<SatisfactionReport> {
    return this.satisfaction.report(q.from, q.to, q.groupBy ?? 'day');
  }

  /**
   * 派单准确率 (1 − approved returns ÷ first-level dispatches), first-dispatch accuracy, average hops,
   * on-time sign and on-time completion rates per day or per unit, each with numerator and denominator.
   */
  @Get('dispatch')
  @Roles('supervisor', 'dispatcher', 'admin')
  dispatchRates(@Query() q: RateQuery): Promise<DispatchMetricsReport> {
    return this.dispatch.report(q.from, q.to, q.groupBy ?? 'day');
  }
}
