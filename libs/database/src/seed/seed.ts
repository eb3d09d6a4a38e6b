// Idempotent demo seeding: inserts what is missing (by code, date or username), never overwrites
// what an operator has changed. Runs as the schema owner.
import { randomUUID } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import type { DataSource } from 'typeorm';
import { CALENDAR, DEPARTMENTS, MATTERS, USERS } from './demo-data';
import { DEFAULT_SETTINGS, DEFAULT_TIME_LIMITS } from './defaults';

export interface SeedReport {
  departments: number;
  matters: number;
  calendarDays: number;
  users: number;
  policies: number;
  settings: number;
}

export async function seedDemoData(ds: DataSource, password: string): Promise<SeedReport> {
  return ds.transaction(async (m) => {
    const report: SeedReport = { departments: 0, matters: 0, calendarDays: 0, users: 0, policies: 0, settings: 0 };

    const deptIds = new Map<string, { id: string; path: string }>();
    for (const row of (await m.query('SELECT id, code, path FROM departments')) as { id: string; code: string; path: string }[]) {
      deptIds.set(row.code, { id: row.id, path: row.path });
    }
    for (const d of DEPARTMENTS) {
      if (deptIds.has(d.code)) continue;
      const parent = d.parentCode ? deptIds.get(d.parentCode) : undefined;
      if (d.parentCode && !parent) throw new Error(`seed: parent ${d.parentCode} of ${d.code} is missing`);
      const id = randomUUID();
      const path = `${parent?.path ?? '/'}${id}/`;
      await m.query(
        `INSERT INTO departments (id, code, name_zh, name_mn, kind, parent_id, path, district_code) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
        [id, d.code, d.nameZh, d.nameMn, d.kind, parent?.id ?? null, path, d.districtCode],
      );
      deptIds.set(d.code, { id, path });
      report.departments++;
    }
    const dept = (code: string) => {
      const found = deptIds.get(code);
      if (!found) throw new Error(`seed: unknown department ${code}`);
      return found.id;
    };

    const matterIds = new Map<string, string>();
    for (const row of (await m.query('SELECT id, code FROM matters')) as { id: string; code: string }[]) matterIds.set(row.code, row.id);
    const parents = new Set(MATTERS.map((x) => x.parentCode).filter((x): x is string => !!x));
    for (const x of MATTERS) {
      if (matterIds.has(x.code)) continue;
      const id = randomUUID();
      await m.query(
        `INSERT INTO matters (id, code, parent_id, name, keywords, department_id, is_leaf) VALUES ($1,$2,$3,$4,$5,$6,$7)`,
        [id, x.code, x.parentCode ? matterIds.get(x.parentCode) : null, x.name, x.keywords, x.departmentCode ? dept(x.departmentCode) : null, !parents.has(x.code)],
      );
      matterIds.set(x.code, id);
      for (const [district, unit] of Object.entries(x.districtUnits ?? {})) {
        await m.query(`INSERT INTO matter_district_units (matter_id, district_code, department_id) VALUES ($1,$2,$3) ON CONFLICT DO NOTHING`, [id, district, dept(unit)]);
      }
      report.matters++;
    }

    for (const day of CALENDAR) {
      const r = await m.query(`INSERT INTO calendar_days (date, kind, name) VALUES ($1,$2,$3) ON CONFLICT (date) DO NOTHING RETURNING date`, [day.date, day.kind, day.name]);
      report.calendarDays += r.length;
    }

    for (const p of DEFAULT_TIME_LIMITS) {
      const exists = await m.query(
        `SELECT 1 FROM time_limit_policies WHERE stage = $1 AND kind IS NOT DISTINCT FROM $2 AND priority IS NOT DISTINCT FROM $3`,
        [p.stage, p.kind, p.priority],
      );
      if (exists.length) continue;
      await m.query(`INSERT INTO time_limit_policies (stage, kind, priority, amount, unit) VALUES ($1,$2,$3,$4,$5)`, [p.stage, p.kind, p.priority, p.amount, p.unit]);
      report.policies++;
    }

    for (const s of DEFAULT_SETTINGS) {
      const r = await m.query(`INSERT INTO settings (key, value, description) VALUES ($1,$2,$3) ON CONFLICT (key) DO NOTHING RETURNING key`, [s.key, JSON.stringify(s.value), s.description]);
      report.settings += r.length;
    }

    const passwordHash = await hash(password);
    for (const u of USERS) {
      const r = await m.query(
        `INSERT INTO users (username, display_name, password_hash, role, department_id, language_skills) VALUES ($1,$2,$3,$4,$5,$6)
         ON CONFLICT (username) DO NOTHING RETURNING id`,
        [u.username, u.displayName, passwordHash, u.role, u.departmentCode ? dept(u.departmentCode) : null, u.languageSkills],
      );
      report.users += r.length;
    }
    return report;
  });
}
