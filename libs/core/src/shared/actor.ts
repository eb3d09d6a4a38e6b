import type { Language, Role } from '@hotline/contracts';

/** Who is acting: derived from a verified token, never from the request body. */
export interface Actor {
  id: string;
  role: Role;
  departmentId: string | null;
  /** Materialised path of the actor's unit ("/<root>/<unit>/"), for department users. */
  departmentPath: string | null;
  languageSkills: Language[];
  /** The worker acting on its own (automatic dispatch, reminders): events record the role 'system'. */
  system?: boolean;
}

/** The users row the worker acts as (created by the Routing migration; it cannot log in). */
export const SYSTEM_USER_ID = '00000000-0000-4000-8000-000000000001';

/** The worker, dispatching with the centre's authority. */
export const SYSTEM_ACTOR: Actor = {
  id: SYSTEM_USER_ID,
  role: 'dispatcher' as Role,
  departmentId: null,
  departmentPath: null,
  languageSkills: [],
  system: true,
};

/**
 * What rows a query may see. Work-order reads take a Scope, so an unscoped read does not compile;
 * PostgreSQL row-level security enforces the same scope as a second wall.
 */
export type Scope = { readonly all: true } | { readonly departmentId: string; readonly path: string };

export function scopeOf(actor: Actor): Scope {
  if (actor.role === 'department') {
    if (!actor.departmentId || !actor.departmentPath) throw new Error('department user without a department');
    return { departmentId: actor.departmentId, path: actor.departmentPath };
  }
  return { all: true };
}

export const ALL: Scope = { all: true };

export function isDepartmentScope(s: Scope): s is { departmentId: string; path: string } {
  return !('all' in s);
}
