// Per-department API keys: a unit's own system acts through the API as that unit's system user.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, Repository } from 'typeorm';
import { type ApiKeyIssuedView, type ApiKeyView, type Language, Role } from '@hotline/contracts';
import { DepartmentEntity } from '../departments/department.entity';
import type { Actor } from '../shared/actor';
import { Conflict, InvalidInput, NotFound, Unauthenticated } from '../shared/errors';
import { UserEntity } from '../users/user.entity';
import { API_KEY_PREFIX_LENGTH, hashApiKey, newApiKey } from './connector-rules';
import { DepartmentApiKeyEntity } from './connector.entity';

/** Recording every use would write on every request: last_used_at moves at most once a minute. */
const LAST_USED_RESOLUTION_S = 60;

const toView = (k: DepartmentApiKeyEntity): ApiKeyView => ({
  id: k.id,
  departmentId: k.departmentId,
  prefix: k.prefix,
  label: k.label,
  createdAt: k.createdAt.toISOString(),
  lastUsedAt: k.lastUsedAt ? k.lastUsedAt.toISOString() : null,
  revokedAt: k.revokedAt ? k.revokedAt.toISOString() : null,
});

/** Units that handle orders; only they get keys. */
const HANDLING_KINDS = new Set<string>(['city_bureau', 'utility', 'district', 'street']);

@Injectable()
export class ApiKeysService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Issues a key (returned once; only its SHA-256 hash is kept), creating the unit's system user on the first. */
  async issue(actor: Actor, departmentId: string, label?: string): Promise<ApiKeyIssuedView> {
    const key = newApiKey();
    const id = await this.ds.transaction(async (m) => {
      // Serialises the first issues of one unit, so it gets exactly one system user.
      const dept = await m
        .getRepository(DepartmentEntity)
        .createQueryBuilder('d')
        .setLock('pessimistic_write')
        .where('d.id = :id', { id: departmentId })
        .getOne();
      if (!dept) throw new NotFound(`department ${departmentId} not found`);
      // A key acts with its unit's scope: the centre or a root above everything must never get one.
      if (!HANDLING_KINDS.has(dept.kind)) {
        throw new InvalidInput(`${dept.nameZh} is not a handling unit; API keys are for departments' own systems`);
      }
      const userId = await this.systemUser(m.getRepository(UserEntity), dept);
      const inserted = await m.getRepository(DepartmentApiKeyEntity).insert({
        departmentId,
        userId,
        keyHash: hashApiKey(key),
        prefix: key.slice(0, API_KEY_PREFIX_LENGTH),
        label: label?.trim() || null,
        createdById: actor.id,
      });
      return String(inserted.identifiers[0]?.id);
    });
    const k = await this.ds.getRepository(DepartmentApiKeyEntity).findOneByOrFail({ id });
    return { ...toView(k), key };
  }

  async list(departmentId: string): Promise<ApiKeyView[]> {
    const keys = await this.ds.getRepository(DepartmentApiKeyEntity).find({ where: { departmentId }, order: { createdAt: 'DESC' } });
    return keys.map(toView);
  }

  async revoke(departmentId: string, keyId: string): Promise<ApiKeyView> {
    const repo = this.ds.getRepository(DepartmentApiKeyEntity);
    const k = await repo.findOneBy({ id: keyId, departmentId });
    if (!k) throw new NotFound(`API key ${keyId} not found`);
    if (!k.revokedAt)
      await repo
        .createQueryBuilder()
        .update()
        .set({ revokedAt: () => 'now()' })
        .where('id = :id', { id: k.id })
        .execute();
    return toView(await repo.findOneByOrFail({ id: k.id }));
  }

  /** Who a key acts as: the unit's system user, with the department role and the unit's scope. */
  async authenticate(key: string): Promise<Actor> {
    if (!key || key.length > 200) throw new Unauthenticated('invalid API key');
    const rows = (await this.ds.query(
      `SELECT k.id, k.user_id, k.department_id, d.path, u.language_skills,
              (k.last_used_at IS NULL OR k.last_used_at < now() - make_interval(secs => $2)) AS stale
       FROM department_api_keys k
       JOIN departments d ON d.id = k.department_id AND d.active
       JOIN users u ON u.id = k.user_id
       WHERE k.key_hash = $1 AND k.revoked_at IS NULL`,
      [hashApiKey(key), LAST_USED_RESOLUTION_S],
    )) as { id: string; user_id: string; department_id: string; path: string; language_skills: Language[]; stale: boolean }[];
    const k = rows[0];
    if (!k) throw new Unauthenticated('invalid or revoked API key');
    if (k.stale) await this.ds.query(`UPDATE department_api_keys SET last_used_at = now() WHERE id = $1`, [k.id]);
    return { id: k.user_id, role: Role.Department, departmentId: k.department_id, departmentPath: k.path, languageSkills: k.language_skills ?? [] };
  }

  /** `<code>.system`: a users row that cannot log in (inactive, no password), so actions name a real user. */
  private async systemUser(users: Repository<UserEntity>, dept: DepartmentEntity): Promise<string> {
    const username = `${dept.code.slice(0, 56)}.system`;
    const existing = await users.findOneBy({ username });
    if (existing) {
      // Only the unit's own non-login system user: never bind a key to a person's account.
      if (existing.departmentId !== dept.id || existing.role !== Role.Department || existing.active || existing.passwordHash !== '!') {
        throw new Conflict(`username ${username} is taken by another user`);
      }
      return existing.id;
    }
    const inserted = await users.insert({
      username,
      displayName: `${dept.nameZh}（业务系统接口）`.slice(0, 100),
      passwordHash: '!',
      role: Role.Department,
      departmentId: dept.id,
      languageSkills: ['zh'],
      active: false,
    });
    return String(inserted.identifiers[0]?.id);
  }
}
