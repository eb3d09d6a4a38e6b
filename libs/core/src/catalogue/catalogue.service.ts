import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { TtlSnapshot } from '../shared/ttl-snapshot';

interface CatalogueSnapshot {
  leaves: Map<string, { id: string; name: string; departmentId: string | null }>;
  districts: Set<string>;
}

const TTL_MS = 30_000;

/** The matter catalogue and district codes, cached briefly: intake validates against them on every create. */
@Injectable()
export class CatalogueService {
  private readonly snapshot = new TtlSnapshot(() => this.load(), TTL_MS);

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private async load(): Promise<CatalogueSnapshot> {
    const [leaves, districts] = await Promise.all([
      this.ds.query(`SELECT id, code, name, department_id FROM matters WHERE is_leaf AND active`) as Promise<{ id: string; code: string; name: string; department_id: string | null }[]>,
      this.ds.query(`SELECT DISTINCT district_code FROM departments WHERE district_code IS NOT NULL`) as Promise<{ district_code: string }[]>,
    ]);
    return {
      leaves: new Map(leaves.map((l) => [l.code, { id: l.id, name: l.name, departmentId: l.department_id }])),
      districts: new Set(districts.map((d) => d.district_code)),
    };
  }

  private current(): Promise<CatalogueSnapshot> {
    return this.snapshot.get();
  }

  async isLeaf(code: string): Promise<boolean> {
    return (await this.current()).leaves.has(code);
  }

  async isDistrict(code: string): Promise<boolean> {
    return (await this.current()).districts.has(code);
  }

  async tree(): Promise<{ code: string; name: string; parentCode: string | null; keywords: string[]; departmentId: string | null; isLeaf: boolean }[]> {
    return this.ds.query(
      `SELECT m.code, m.name, p.code AS "parentCode", m.keywords, m.department_id AS "departmentId", m.is_leaf AS "isLeaf"
       FROM matters m LEFT JOIN matters p ON p.id = m.parent_id WHERE m.active ORDER BY m.code`,
    );
  }
}
