import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { DepartmentView } from '@hotline/contracts';
import { InvalidInput } from '../shared/errors';
import { DepartmentEntity } from './department.entity';

export function toDepartmentView(d: DepartmentEntity): DepartmentView {
  return { id: d.id, code: d.code, nameZh: d.nameZh, nameMn: d.nameMn, kind: d.kind, parentId: d.parentId, districtCode: d.districtCode };
}

/** The unit tree. Department rows change rarely; reads go straight to PostgreSQL. */
@Injectable()
export class DepartmentsService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async list(): Promise<DepartmentView[]> {
    const rows = await this.ds.getRepository(DepartmentEntity).find({ where: { active: true }, order: { path: 'ASC' } });
    return rows.map(toDepartmentView);
  }

  /** A department that can receive orders: active, and not the centre itself. */
  async dispatchTarget(id: string): Promise<DepartmentEntity> {
    const d = await this.ds.getRepository(DepartmentEntity).findOneBy({ id });
    if (!d || !d.active) throw new InvalidInput(`department ${id} does not exist or is inactive`);
    if (d.kind === 'centre') throw new InvalidInput('the 12345 centre cannot be a handling unit');
    return d;
  }
}

/** True when `child` lies strictly below the unit whose path is `ancestorPath`. */
export function isBelow(child: Pick<DepartmentEntity, 'path'>, ancestorPath: string): boolean {
  return child.path.startsWith(ancestorPath) && child.path !== ancestorPath;
}
