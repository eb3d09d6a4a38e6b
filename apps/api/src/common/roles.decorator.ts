import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Role } from '@hotline/contracts';
import type { Actor } from '@hotline/core';

export const ROLES_KEY = 'hotline:roles';
export const PUBLIC_KEY = 'hotline:public';

/** Every route declares who may call it; the guard refuses a route that declares nothing. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
/** The short explicit list of routes that need no token (login, refresh, health). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const req = ctx.switchToHttp().getRequest<{ actor?: Actor }>();
  if (!req.actor) throw new Error('CurrentActor used on a public route');
  return req.actor;
});
