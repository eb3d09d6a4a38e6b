import 'reflect-metadata';
import { CONTROLLERS } from '../api.module';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator';

// Every route declares who may call it; public routes are a short explicit list.
const PUBLIC_ROUTES = ['AuthController.login', 'AuthController.refresh', 'HealthController.live', 'HealthController.ready'];

function routes(): { name: string; handler: object; ctrl: object }[] {
  return CONTROLLERS.flatMap((ctrl) =>
    Object.getOwnPropertyNames(ctrl.prototype)
      .filter((k) => k !== 'constructor' && Reflect.getMetadata('method', (ctrl.prototype as unknown as Record<string, object>)[k]) !== undefined)
      .map((k) => ({ name: `${ctrl.name}.${k}`, handler: (ctrl.prototype as unknown as Record<string, object>)[k], ctrl })),
  );
}

describe('route roles', () => {
  it('finds the routes of every controller', () => {
    expect(routes().length).toBeGreaterThan(20);
  });

  it('declares roles on every route that is not public', () => {
    const missing = routes().filter(
      (r) => !Reflect.getMetadata(PUBLIC_KEY, r.handler) && !(Reflect.getMetadata(ROLES_KEY, r.handler) ?? Reflect.getMetadata(ROLES_KEY, r.ctrl))?.length,
    );
    expect(missing.map((r) => r.name)).toEqual([]);
  });

  it('keeps the public routes to the short list', () => {
    const pub = routes().filter((r) => Reflect.getMetadata(PUBLIC_KEY, r.handler)).map((r) => r.name);
    expect(pub.sort()).toEqual([...PUBLIC_ROUTES].sort());
  });
});
