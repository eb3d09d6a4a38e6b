import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import type { CalendarDayView, DepartmentView } from '@hotline/contracts';
import { CalendarService, CatalogueService, DepartmentsService } from '@hotline/core';
import { Roles } from '../../common/roles.decorator';
import { Optional } from '../../common/validators';

const EVERYONE = ['agent', 'dispatcher', 'department', 'supervisor', 'admin'] as const;

class YearQuery {
  @Optional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
}

/** Reference data: units, the matter catalogue and the working-day calendar. */
@ApiTags('reference')
@ApiBearerAuth()
@Controller()
export class DepartmentsController {
  constructor(
    private readonly departments: DepartmentsService,
    private readonly catalogue: CatalogueService,
    private readonly calendar: CalendarService,
  ) {}

  @Get('departments')
  @Roles(...EVERYONE)
  list(): Promise<DepartmentView[]> {
    return this.departments.list();
  }

  @Get('catalogue')
  @Roles(...EVERYONE)
  matters() {
    return this.catalogue.tree();
  }

  @Get('calendar')
  @Roles(...EVERYONE)
  days(@Query() q: YearQuery): Promise<CalendarDayView[]> {
    return this.calendar.listDays(q.year ?? new Date().getUTCFullYear());
  }
}
