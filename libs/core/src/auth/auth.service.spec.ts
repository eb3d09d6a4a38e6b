// Access tokens: a verified token is remembered until it expires, and never past that.
import { createSecretKey } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '@hotline/config';
import { AuthService } from './auth.service';

describe('AuthService.authenticate', () => {
  const key = createSecretKey(Buffer.from('unit-test-secret-0123456789abcdef', 'utf8')) as unknown as string;
  const jwt = new JwtService({ secret: key, signOptions: { algorithm: 'HS256' }, verifyOptions: { algorithms: ['HS256'] } });
  const auth = new AuthService({} as DataSource, jwt, {} as AppConfig);
  const claims = { sub: '6f1c2d3e-0000-4000-8000-000000000001', typ: 'access', role: 'agent', dept: null, dpath: null, lang: ['zh', 'mn'] };

  afterEach(() => jest.useRealTimers());

  it('returns the same frozen actor for a token seen before', async () => {
    const token = await jwt.signAsync(claims, { expiresIn: 60 });
    const first = await auth.authenticate(token);
    expect(first).toEqual({ id: claims.sub, role: 'agent', departmentId: null, departmentPath: null, languageSkills: ['zh', 'mn'] });
    expect(Object.isFrozen(first)).toBe(true);
    expect(await auth.authenticate(token)).toBe(first);
  });

  it('refuses a remembered token once it has expired', async () => {
    jest.useFakeTimers({ now: new Date('2026-12-03T08:00:00Z'), doNotFake: ['nextTick', 'setImmediate'] });
    const token = await jwt.signAsync(claims, { expiresIn: 60 });
    await expect(auth.authenticate(token)).resolves.toMatchObject({ id: claims.sub });
    jest.setSystemTime(new Date('2026-12-03T08:01:00.001Z'));
    await expect(auth.authenticate(token)).rejects.toThrow(/invalid or expired/);
  });

  it('refuses a token with a bad signature or of the wrong type, remembered or not', async () => {
    const token = await jwt.signAsync(claims, { expiresIn: 60 });
    await auth.authenticate(token);
    const [h, p, sig] = token.split('.');
    await expect(auth.authenticate(`${h}.${p}.${sig.slice(0, -2)}xx`)).rejects.toThrow(/invalid or expired/);
    const refresh = await jwt.signAsync({ sub: claims.sub, typ: 'refresh', ver: 1 }, { expiresIn: 60 });
    await expect(auth.authenticate(refresh)).rejects.toThrow(/not an access token/);
  });
});
