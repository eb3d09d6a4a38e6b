import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Page, WorkOrderDetailView, WorkOrderEventView, WorkOrderListItem, WorkOrderView } from '@hotline/contracts';
import { type Actor, WorkOrderLifecycleService, WorkOrdersService, rolesFor } from '@hotline/core';
import { BadRequestException } from '@nestjs/common';
import { CurrentActor, Roles } from '../../common/roles.decorator';
import {
  CreateWorkOrderDto,
  DispatchDto,
  ExtensionDto,
  ExtensionReviewDto,
  MergeDto,
  NoteDto,
  RejectDto,
  ReplyDto,
  ReturnDto,
  ReturnReviewDto,
  SuperviseDto,
  SurveyDto,
  WorkOrderListQueryDto,
} from './work-order.dto';

const Id = () => Param('id', new ParseUUIDPipe({ version: undefined }));
const EVERYONE = ['agent', 'dispatcher', 'department', 'supervisor', 'admin'] as const;

@ApiTags('work-orders')
@ApiBearerAuth()
@Controller('work-orders')
export class WorkOrdersController {
  constructor(
    private readonly orders: WorkOrdersService,
    private readonly lifecycle: WorkOrderLifecycleService,
  ) {}

  @Post()
  @Roles('agent', 'dispatcher')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a retried create with the same key returns the same order' })
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: CreateWorkOrderDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<WorkOrderView> {
    if (key !== undefined && !/^[\x21-\x7e]{1,100}$/.test(key)) throw new BadRequestException('Idempotency-Key must be 1–100 visible ASCII characters');
    const { order, replayed } = await this.orders.create(actor, body, key);
    if (replayed) res.header('Idempotent-Replayed', 'true');
    return order;
  }

  @Get()
  @Roles(...EVERYONE)
  list(@CurrentActor() actor: Actor, @Query() q: WorkOrderListQueryDto): Promise<Page<WorkOrderListItem>> {
    return this.orders.list(actor, q);
  }

  @Get(':id')
  @Roles(...EVERYONE)
  get(@CurrentActor() actor: Actor, @Id() id: string): Promise<WorkOrderDetailView> {
    return this.orders.get(actor, id);
  }

  @Get(':id/events')
  @Roles(...EVERYONE)
  events(@CurrentActor() actor: Actor, @Id() id: string): Promise<WorkOrderEventView[]> {
    return this.orders.events(actor, id);
  }

  /** The unmasked caller contact for a callback; audited. */
  @Get(':id/contact')
  @Roles('agent', 'dispatcher', 'supervisor', 'department')
  contact(@CurrentActor() actor: Actor, @Id() id: string) {
    return this.orders.contact(actor, id);
  }

  @Post(':id/reject') @HttpCode(200) @Roles(...rolesFor('reject'))
  reject(@CurrentActor() a: Actor, @Id() id: string, @Body() b: RejectDto) {
    return this.lifecycle.reject(a, id, b);
  }

  @Post(':id/dispatch') @HttpCode(200) @Roles(...rolesFor('dispatch'), ...rolesFor('sub_dispatch'))
  dispatch(@CurrentActor() a: Actor, @Id() id: string, @Body() b: DispatchDto) {
    // The centre dispatches; a unit re-dispatches to its own sub-unit (二级派单) through the same route.
    return a.role === 'department' ? this.lifecycle.subDispatch(a, id, b) : this.lifecycle.dispatch(a, id, b);
  }

  @Post(':id/sign') @HttpCode(200) @Roles(...rolesFor('sign'))
  sign(@CurrentActor() a: Actor, @Id() id: string) {
    return this.lifecycle.sign(a, id);
  }

  @Post(':id/return') @HttpCode(200) @Roles(...rolesFor('request_return'))
  requestReturn(@CurrentActor() a: Actor, @Id() id: string, @Body() b: ReturnDto) {
    return this.lifecycle.requestReturn(a, id, b);
  }

  @Post(':id/return/review') @HttpCode(200) @Roles(...rolesFor('approve_return'))
  reviewReturn(@CurrentActor() a: Actor, @Id() id: string, @Body() b: ReturnReviewDto) {
    return this.lifecycle.reviewReturn(a, id, b);
  }

  @Post(':id/extension') @HttpCode(200) @Roles(...rolesFor('request_extension'))
  requestExtension(@CurrentActor() a: Actor, @Id() id: string, @Body() b: ExtensionDto) {
    return this.lifecycle.requestExtension(a, id, b);
  }

  @Post(':id/extension/review') @HttpCode(200) @Roles(...rolesFor('approve_extension'))
  reviewExtension(@CurrentActor() a: Actor, @Id() id: string, @Body() b: ExtensionReviewDto) {
    return this.lifecycle.reviewExtension(a, id, b);
  }

  @Post(':id/reply') @HttpCode(200) @Roles(...rolesFor('reply'))
  reply(@CurrentActor() a: Actor, @Id() id: string, @Body() b: ReplyDto) {
    return this.lifecycle.reply(a, id, b);
  }

  @Post(':id/survey') @HttpCode(200) @Roles(...rolesFor('survey'))
  survey(@CurrentActor() a: Actor, @Id() id: string, @Body() b: SurveyDto) {
    return this.lifecycle.survey(a, id, b);
  }

  @Post(':id/reopen') @HttpCode(200) @Roles(...rolesFor('reopen'))
  reopen(@CurrentActor() a: Actor, @Id() id: string, @Body() b: NoteDto) {
    return this.lifecycle.reopen(a, id, b.note);
  }

  @Post(':id/close') @HttpCode(200) @Roles(...rolesFor('close'))
  close(@CurrentActor() a: Actor, @Id() id: string, @Body() b: NoteDto) {
    return this.lifecycle.close(a, id, b.note);
  }

  @Post(':id/merge') @HttpCode(200) @Roles(...rolesFor('merge'))
  merge(@CurrentActor() a: Actor, @Id() id: string, @Body() b: MergeDto) {
    return this.lifecycle.merge(a, id, b);
  }

  @Post(':id/supervise') @HttpCode(200) @Roles(...rolesFor('supervise'))
  supervise(@CurrentActor() a: Actor, @Id() id: string, @Body() b: SuperviseDto) {
    return this.lifecycle.supervise(a, id, b);
  }

  @Post(':id/transfer') @HttpCode(200) @Roles(...rolesFor('transfer'))
  transfer(@CurrentActor() a: Actor, @Id() id: string, @Body() b: NoteDto) {
    return this.lifecycle.transfer(a, id, b.note);
  }
}
