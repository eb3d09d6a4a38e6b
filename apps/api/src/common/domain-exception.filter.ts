import { STATUS_CODES } from 'node:http';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { QueryFailedError } from 'typeorm';
import {
  Conflict,
  DomainError,
  Forbidden,
  IllegalTransition,
  InvalidInput,
  NotFound,
  OutOfJurisdiction,
  RuleViolation,
  Unauthenticated,
} from '@hotline/core';

const STATUS = new Map<Function, number>([
  [IllegalTransition, HttpStatus.CONFLICT],
  [Conflict, HttpStatus.CONFLICT],
  [NotFound, HttpStatus.NOT_FOUND],
  [OutOfJurisdiction, HttpStatus.FORBIDDEN],
  [Forbidden, HttpStatus.FORBIDDEN],
  [RuleViolation, HttpStatus.UNPROCESSABLE_ENTITY],
  [InvalidInput, HttpStatus.BAD_REQUEST],
  [Unauthenticated, HttpStatus.UNAUTHORIZED],
]);

// PostgreSQL errors that mean the input was bad rather than the server.
const PG_CLIENT_ERRORS: Record<string, [number, string]> = {
  '22P02': [400, 'a value has the wrong format'],
  '22001': [400, 'a value is too long'],
  '22003': [400, 'a number is out of range'],
  '22007': [400, 'a date or time is not valid'],
  '22008': [400, 'a date or time is out of range'],
  '23503': [400, 'a referenced record does not exist'],
  '23505': [409, 'a record with the same key already exists'],
};

/** The one translation of errors to HTTP: domain errors by type, never a 500 for bad input. */
@Catch()
export class DomainExceptionFilter implements ExceptionFilter {
  private readonly log = new Logger('HTTP');

  catch(err: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const send = (statusCode: number, message: string | string[], code?: string) =>
      reply.status(statusCode).send({ statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, ...(code ? { code } : {}) });

    if (err instanceof DomainError) {
      const status = STATUS.get(err.constructor) ?? HttpStatus.BAD_REQUEST;
      return void send(status, err.message, err.code);
    }
    if (err instanceof HttpException) {
      const body = err.getResponse();
      const message = typeof body === 'string' ? body : ((body as { message?: string | string[] }).message ?? err.message);
      return void send(err.getStatus(), message);
    }
    if (err instanceof QueryFailedError) {
      const code = (err as unknown as { code?: string }).code ?? '';
      const known = PG_CLIENT_ERRORS[code];
      if (known) return void send(known[0], known[1], `pg_${code}`);
    }
    const e = err as { statusCode?: number; message?: string };
    if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
      return void send(e.statusCode, e.message ?? 'bad request'); // Fastify's own (bad JSON, body too large)
    }
    this.log.error(err instanceof Error ? err.stack : String(err));
    send(HttpStatus.INTERNAL_SERVER_ERROR, 'internal error');
  }
}
