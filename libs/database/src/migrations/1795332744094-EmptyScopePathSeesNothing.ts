import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A department scope whose path is empty must see nothing. A custom setting that was set once in a
 * session reads back as '' afterwards, and department_path LIKE '' || '%' matches every routed order:
 * nullif turns the empty path into NULL, and LIKE NULL matches no row.
 */
export class EmptyScopePathSeesNothing1795332744094 implements MigrationInterface {
  name = 'EmptyScopePathSeesNothing1795332744094';

  public async up(q: QueryRunner): Promise<void> {
    await this.policy(q, `nullif(current_setting('app.scope_path', true), '') || '%'`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await this.policy(q, `current_setting('app.scope_path', true) || '%'`);
  }

  private async policy(q: QueryRunner, pattern: string): Promise<void> {
    const scoped = `CASE current_setting('app.scope', true)
      WHEN 'all' THEN true
      WHEN 'department' THEN department_path LIKE ${pattern}
      ELSE false END`;
    await q.query('DROP POLICY work_orders_scope ON work_orders');
    await q.query(`CREATE POLICY work_orders_scope ON work_orders USING (${scoped}) WITH CHECK (${scoped})`);
  }
}
