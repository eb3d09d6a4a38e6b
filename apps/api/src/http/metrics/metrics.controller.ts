import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsDateString, IsIn, Matches } from 'class-validator';
import type { SatisfactionReport } from '@hotline/contracts';
import { SatisfactionService } from '@hotline/core';
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
  constructor(private readonly satisfaction: SatisfactionService) {}

  /** 满意率 per day or per department, with numerator, denominator and the strict rate. */
  @Get('satisfaction')
  @Roles('supervisor', 'dispatcher', 'admin')
  satisfactionRate(@Query() q: RateQuery): Promise<SatisfactionReport> {
    return this.satisfaction.report(q.from, q.to, q.groupBy ?? 'day');
  }
}
