import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { hash } from '@node-rs/argon2';
import type { DataSource } from 'typeorm';
import type { CreateUserRequest, UserView } from '@hotline/contracts';
import { DepartmentEntity } from '../departments/department.entity';
import { Conflict, InvalidInput, NotFound } from '../shared/errors';
import { UserEntity } from './user.entity';

export function toUserView(u: UserEntity): UserView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    departmentId: u.departmentId,
    languageSkills: u.languageSkills,
    active: u.active,
  };
}

@Injectable()
export class UsersService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async create(req: CreateUserRequest): Promise<UserView> {
    if (req.role === 'department' && !req.departmentId) throw new InvalidInput('a department user needs a departmentId');
    if (req.role !== 'department' && req.departmentId) throw new InvalidInput(`a ${req.role} does not belong to a department`);
    if (req.departmentId) {
      const dept = await this.ds.getRepository(DepartmentEntity).findOneBy({ id: req.departmentId });
      if (!dept) throw new InvalidInput(`department ${req.departmentId} does not exist`);
    }
    const passwordHash = await hash(req.password);
    const rows = (await this.ds.query(
      `INSERT INTO users (username, display_name, password_hash, role, department_id, language_skills)
       VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT (username) DO NOTHING RETURNING id`,
      [req.username, req.displayName, passwordHash, req.role, req.departmentId ?? null, req.languageSkills ?? ['zh']],
    )) as { id: string }[];
    if (rows.length === 0) throw new Conflict(`username ${req.username} is taken`);
    return toUserView(await this.get(rows[0].id));
  }

  async get(id: string): Promise<UserEntity> {
    const u = await this.ds.getRepository(UserEntity).findOneBy({ id });
    if (!u) throw new NotFound(`user ${id} not found`);
    return u;
  }

  async list(): Promise<UserView[]> {
    return (await this.ds.getRepository(UserEntity).find({ order: { username: 'ASC' } })).map(toUserView);
  }

  findByUsername(username: string): Promise<UserEntity | null> {
    return this.ds.getRepository(UserEntity).findOneBy({ username });
  }
}
