// Domain errors thrown by core. The api maps them to HTTP status codes in one exception filter;
// the worker maps them to "fail, no retry". Core never throws HttpException.

export abstract class DomainError extends Error {
  abstract readonly code: string;
  constructor(message: string, readonly details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
  }
}

/** The action is not allowed in the order's current state. */
export class IllegalTransition extends DomainError {
  readonly code = 'illegal_transition';
}
/** The thing does not exist, or the caller may not know that it exists. */
export class NotFound extends DomainError {
  readonly code = 'not_found';
}
/** The caller's unit has no jurisdiction over the order (or the target unit is not theirs to use). */
export class OutOfJurisdiction extends DomainError {
  readonly code = 'out_of_jurisdiction';
}
/** Someone else changed the order first (optimistic lock), or a uniqueness rule was hit. */
export class Conflict extends DomainError {
  readonly code = 'conflict';
}
/** A business rule refuses the request (return window passed, dispatch limit reached, ...). */
export class RuleViolation extends DomainError {
  readonly code = 'rule_violation';
}
/** The input is well-formed but inconsistent (a department that does not exist, ...). */
export class InvalidInput extends DomainError {
  readonly code = 'invalid_input';
}
/** Credentials are wrong or the token is no longer valid. */
export class Unauthenticated extends DomainError {
  readonly code = 'unauthenticated';
}
/** The role may not perform this action at all. */
export class Forbidden extends DomainError {
  readonly code = 'forbidden';
}
