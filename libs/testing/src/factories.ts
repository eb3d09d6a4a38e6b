// Test data made by each test for itself: its own units and users, never relying on seed order.
import { randomUUID } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import type { DataSource } from 'typeorm';
import type { DepartmentKind, Language, Role } from '@hotline/contracts';

export const TEST_PASSWORD = 'Test-password-123';
let passwordHash: Promise<string> | undefined;

export interface TestDepartment {
  id: string;
  code: string;
  path: string;
}

export async function createDepartment(ds: DataSource, opts: { kind?: DepartmentKind; parent?: TestDepartment; name?: string; districtCode?: string } = {}): Promise<TestDepartment> {
  const id = randomUUID();
  const code = `t-${id.slice(0, 8)}`;
  const path = `${opts.parent?.path ?? '/'}${id}/`;
  await ds.query(`INSERT INTO departments (id, code, name_zh, kind, parent_id, path, district_code) VALUES ($1,$2,$3,$4,$5,$6,$7)`, [
    id,
    code,
    opts.name ?? `测试单位${code}`,
    opts.kind ?? (opts.parent ? 'street' : 'city_bureau'),
    opts.parent?.id ?? null,
    path,
    opts.districtCode ?? null,
  ]);
  return { id, code, path };
}

export interface TestUser {
  id: string;
  username: string;
  role: Role;
  departmentId: string | null;
}

export async function createUser(ds: DataSource, role: Role, opts: { department?: TestDepartment; languages?: Language[] } = {}): Promise<TestUser> {
  passwordHash ??= hash(TEST_PASSWORD);
  const username = `t_${role}_${randomUUID().slice(0, 8)}`;
  const rows = (await ds.query(
    `INSERT INTO users (username, display_name, password_hash, role, department_id, language_skills) VALUES ($1,$2,$3,$4,$5,$6) RETURNING id`,
    [username, username, await passwordHash, role, opts.department?.id ?? null, opts.languages ?? ['zh']],
  )) as { id: string }[];
  return { id: rows[0].id, username, role, departmentId: opts.department?.id ?? null };
}
