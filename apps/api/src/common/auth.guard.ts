import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@hotline/contracts';
import { type Actor, AuthService } from '@hotline/core';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator';

/** Global guard: verifies the bearer token and the route's declared roles. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles || roles.length === 0) throw new ForbiddenException('this route declares no roles');

    const req = ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; actor?: Actor }>();
    const header = req.headers.authorization ?? '';
    const [scheme, token] = header.split(' ');
    if (scheme !== 'Bearer' || !token) throw new UnauthorizedException('missing bearer token');
    const actor = await this.auth.authenticate(token);
    if (!roles.includes(actor.role)) throw new ForbiddenException(`this action is for: ${roles.join(', ')}`);
    req.actor = actor;
    return true;
  }
}
