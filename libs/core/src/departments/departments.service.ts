import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { DepartmentView } from '@hotline/contracts';
import { InvalidInput } from '../shared/errors';
import { TtlSnapshot } from '../shared/ttl-snapshot';
import { DepartmentEntity } from './department.entity';

export function toDepartmentView(d: DepartmentEntity): DepartmentView {
  return { id: d.id, code: d.code, nameZh: d.nameZh, nameMn: d.nameMn, kind: d.kind, parentId: d.parentId, districtCode: d.districtCode };
}

/** Units change rarely (an admin's edit): dispatch checks read a snapshot at most this old. */
const TARGETS_TTL_MS = 15_000;

/** The unit tree. Lists read PostgreSQL; dispatch-target checks read a short-lived snapshot. */
@Injectable()
export class DepartmentsService {
  private readonly targets = new TtlSnapshot(async () => new Map((await this.ds.getRepository(DepartmentEntity).find()).map((d) => [d.id, d])), TARGETS_TTL_MS);

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async list(): Promise<DepartmentView[]> {
    const rows = await this.ds.getRepository(DepartmentEntity).find({ where: { active: true }, order: { path: 'ASC' } });
    return rows.map(toDepartmentView);
  }

  /**
   * A department that can receive orders: active, and not the centre itself. Called inside the
   * dispatch transaction: it reads the snapshot without waiting, else the row through that
   * transaction's own connection (never a second one from the pool).
   */
  async dispatchTarget(id: string, m?: EntityManager): Promise<DepartmentEntity> {
    const d = this.targets.peek()?.get(id) ?? (await (m ?? this.ds.manager).getRepository(DepartmentEntity).findOneBy({ id }));
    if (!d || !d.active) throw new InvalidInput(`department ${id} does not exist or is inactive`);
    if (d.kind === 'centre') throw new InvalidInput('the 12345 centre cannot be a handling unit');
    return d;
  }
}

/** True when `child` lies strictly below the unit whose path is `ancestorPath`. */
export function isBelow(child: Pick<DepartmentEntity, 'path'>, ancestorPath: string): boolean {
  return child.path.startsWith(ancestorPath) && child.path !== ancestorPath;
}
