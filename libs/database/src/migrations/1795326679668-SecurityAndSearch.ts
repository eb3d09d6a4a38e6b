import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What TypeORM cannot generate: the application role and its grants, row-level security on work
 * orders, the order-code sequence, and the indexes that need an operator class or GIN.
 */
export class SecurityAndSearch1795326679668 implements MigrationInterface {
  name = 'SecurityAndSearch1795326679668';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'hotline_app') THEN CREATE ROLE hotline_app NOLOGIN; END IF;
    END $$`);
    await q.query(`DO $$ BEGIN EXECUTE format('GRANT CONNECT ON DATABASE %I TO hotline_app', current_database()); END $$`);
    await q.query('GRANT USAGE ON SCHEMA public TO hotline_app');
    await q.query('GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO hotline_app');
    await q.query('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO hotline_app');
    await q.query('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE ON TABLES TO hotline_app');
    await q.query('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO hotline_app');
    // Append-only history: no UPDATE (and no DELETE was ever granted).
    await q.query('REVOKE UPDATE ON work_order_events, audit_log FROM hotline_app');
    await q.query('REVOKE ALL ON schema_migrations FROM hotline_app');
    // Published outbox rows and old processed-job records are pruned by the worker.
    await q.query('GRANT DELETE ON outbox, processed_jobs TO hotline_app');

    // Each transaction states its scope with set_config(..., true); with none set, nothing is visible.
    await q.query('ALTER TABLE work_orders ENABLE ROW LEVEL SECURITY');
    const scoped = `current_setting('app.scope', true) = 'all'
      OR (current_setting('app.scope', true) = 'department'
          AND department_path LIKE current_setting('app.scope_path', true) || '%')`;
    await q.query(`CREATE POLICY work_orders_scope ON work_orders USING (${scoped}) WITH CHECK (${scoped})`);

    await q.query('CREATE SEQUENCE work_order_seq AS bigint');
    await q.query('GRANT USAGE, SELECT ON SEQUENCE work_order_seq TO hotline_app');
    await q.query('CREATE INDEX ix_work_orders_search ON work_orders USING GIN (search_vector)');
    await q.query('CREATE INDEX ix_work_orders_department_path ON work_orders (department_path text_pattern_ops)');
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS ix_work_orders_department_path');
    await q.query('DROP INDEX IF EXISTS ix_work_orders_search');
    await q.query('DROP SEQUENCE IF EXISTS work_order_seq');
    await q.query('DROP POLICY IF EXISTS work_orders_scope ON work_orders');
    await q.query('ALTER TABLE work_orders DISABLE ROW LEVEL SECURITY');
    await q.query('REVOKE ALL ON ALL TABLES IN SCHEMA public FROM hotline_app');
    await q.query('REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM hotline_app');
    await q.query('ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM hotline_app');
    await q.query('ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM hotline_app');
  }
}
