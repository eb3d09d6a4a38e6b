import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { verify } from '@node-rs/argon2';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@hotline/config';
import type { Language, Role, TokenPair } from '@hotline/contracts';
import { DepartmentEntity } from '../departments/department.entity';
import type { Actor } from '../shared/actor';
import { Unauthenticated } from '../shared/errors';
import { UserEntity } from '../users/user.entity';
import { toUserView } from '../users/users.service';

interface AccessClaims {
  sub: string;
  typ: 'access';
  role: Role;
  dept: string | null;
  dpath: string | null;
  lang: Language[];
}
interface RefreshClaims {
  sub: string;
  typ: 'refresh';
  ver: number;
}

// Verifying against a fixed hash keeps the timing of unknown usernames like that of wrong passwords.
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$v6+FzwlK0wT3vMDFgss87w$ESQYe3YU5EKpVGwAG1GUqNbRk2HTqUHa4vArVa+DnO0';

/** Verified access tokens kept per process (a few hundred bytes each); the map is emptied when full. */
const VERIFIED_TOKENS_MAX = 10_000;

@Injectable()
export class AuthService {
  private readonly verified = new Map<string, { actor: Actor; expMs: number }>();

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly cfg: AppConfig,
  ) {}

  async login(username: string, password: string): Promise<TokenPair> {
    const user = await this.ds.getRepository(UserEntity).findOneBy({ username });
    const ok = await verify(user?.passwordHash ?? DUMMY_HASH, password).catch(() => false);
    if (!user || !ok || !user.active) throw new Unauthenticated('wrong username or password');
    return this.issue(user);
  }

  async refresh(token: string): Promise<TokenPair> {
    const claims = await this.verifyToken<RefreshClaims>(token, 'refresh');
    const user = await this.ds.getRepository(UserEntity).findOneBy({ id: claims.sub });
    if (!user || !user.active || user.tokenVersion !== claims.ver) throw new Unauthenticated('refresh token was revoked');
    return this.issue(user);
  }

  /**
   * Verifies an access token and returns who is acting. A token whose signature was checked once is
   * remembered until it expires (its claims cannot change: they are signed), so later requests with it
   * skip the HMAC and the JSON decoding; nothing else about the request is cached.
   */
  async authenticate(token: string): Promise<Actor> {
    const hit = this.verified.get(token);
    if (hit) {
      if (hit.expMs > Date.now()) return hit.actor;
      this.verified.delete(token);
    }
    const claims = await this.verifyToken<AccessClaims & { exp?: number }>(token, 'access');
    const actor: Actor = Object.freeze({
      id: claims.sub,
      role: claims.role,
      departmentId: claims.dept,
      departmentPath: claims.dpath,
      languageSkills: Object.freeze([...claims.lang]) as Language[],
    });
    if (typeof claims.exp === 'number') {
      if (this.verified.size >= VERIFIED_TOKENS_MAX) this.verified.clear();
      this.verified.set(token, { actor, expMs: claims.exp * 1000 });
    }
    return actor;
  }

  /** Signature, expiry and token type; any failure is Unauthenticated. */
  private async verifyToken<C extends AccessClaims | RefreshClaims>(token: string, typ: C['typ']): Promise<C> {
    let claims: C;
    try {
      claims = await this.jwt.verifyAsync<C>(token);
    } catch {
      throw new Unauthenticated(`${typ} token is invalid or expired`);
    }
    if (claims.typ !== typ) throw new Unauthenticated(typ === 'access' ? 'not an access token' : 'not a refresh token');
    return claims;
  }

  private async issue(user: UserEntity): Promise<TokenPair> {
    let path: string | null = null;
    if (user.departmentId) {
      path = (await this.ds.getRepository(DepartmentEntity).findOneBy({ id: user.departmentId }))?.path ?? null;
    }
    const access: AccessClaims = { sub: user.id, typ: 'access', role: user.role, dept: user.departmentId, dpath: path, lang: user.languageSkills };
    const refresh: RefreshClaims = { sub: user.id, typ: 'refresh', ver: user.tokenVersion };
    return {
      accessToken: await this.jwt.signAsync(access, { expiresIn: this.cfg.JWT_ACCESS_TTL_S }),
      refreshToken: await this.jwt.signAsync(refresh, { expiresIn: this.cfg.JWT_REFRESH_TTL_S }),
      expiresIn: this.cfg.JWT_ACCESS_TTL_S,
      user: toUserView(user),
    };
  }
}
