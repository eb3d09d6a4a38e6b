import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@hotline/contracts';
import { type Actor, ApiKeysService, AuthService } from '@hotline/core';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator';

/**
 * What a department's own system (垂建系统) may call with its API key: the work on its own orders and
 * its own connector. Everything else (the audited contact read, re-dispatch, admin routes) needs a person.
 */
const API_KEY_ROUTES = new Set([
  'WorkOrdersController.list',
  'WorkOrdersController.get',
  'WorkOrdersController.events',
  'WorkOrdersController.sign',
  'WorkOrdersController.requestReturn',
  'WorkOrdersController.requestExtension',
  'WorkOrdersController.reply',
  'ConnectorsController.get',
  'ConnectorsController.deliveries',
]);

type Credential = { kind: 'bearer' | 'apiKey'; value: string };

/** `Authorization: Bearer <jwt>`, `Authorization: ApiKey <key>` or `X-Api-Key: <key>`. */
function credentialOf(headers: Record<string, string | string[] | undefined>): Credential | null {
  const auth = typeof headers.authorization === 'string' ? headers.authorization : '';
  const [scheme, value] = auth.split(' ');
  if (value && scheme === 'Bearer') return { kind: 'bearer', value };
  if (value && scheme === 'ApiKey') return { kind: 'apiKey', value };
  const key = headers['x-api-key'];
  if (!auth && typeof key === 'string' && key) return { kind: 'apiKey', value: key };
  return null;
}

/** Global guard: verifies the bearer token or the department API key, and the route's declared roles. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles || roles.length === 0) throw new ForbiddenException('this route declares no roles');

    const req = ctx.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined>; actor?: Actor }>();
    const cred = credentialOf(req.headers);
    if (!cred) throw new UnauthorizedException('missing bearer token or API key');
    let actor: Actor;
    if (cred.kind === 'apiKey') {
      actor = await this.apiKeys.authenticate(cred.value);
      if (!API_KEY_ROUTES.has(`${ctx.getClass().name}.${ctx.getHandler().name}`))
        throw new ForbiddenException('this action is not open to a department system’s API key');
    } else {
      actor = await this.auth.authenticate(cred.value);
    }
    if (!roles.includes(actor.role)) throw new ForbiddenException(`this action is for: ${roles.join(', ')}`);
    req.actor = actor;
    return true;
  }
}
