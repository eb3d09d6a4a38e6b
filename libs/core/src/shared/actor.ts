import type { Language, Role } from '@hotline/contracts';

/** Who is acting: derived from a verified token, never from the request body. */
export interface Actor {
  id: string;
  role: Role;
  departmentId: string | null;
  /** Materialised path of the actor's unit ("/<root>/<unit>/"), for department users. */
  departmentPath: string | null;
  languageSkills: Language[];
}

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
