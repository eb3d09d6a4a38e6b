import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * hotline_centre: the role centre-scope transactions switch to (set_config('role', …, true)). It
 * bypasses row-level security, so centre queries carry no policy qual and PostgreSQL plans them on
 * true estimates (the policy's default estimate made it pick seq scan + sort for the newest-first
 * list). Role attributes are not inherited: hotline_app, a member only so it may switch, is still
 * bound by the policy, and a transaction that sets no scope still sees nothing. Department
 * transactions keep the policy. Creating a BYPASSRLS role needs a superuser; without one the role is
 * created without it and centre reads keep going through the policy's 'all' branch.
 */
export class CentreRole1795332745094 implements MigrationInterface {
  name = 'CentreRole1795332745094';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'hotline_centre') THEN
        IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
          CREATE ROLE hotline_centre NOLOGIN BYPASSRLS;
        ELSE
          CREATE ROLE hotline_centre NOLOGIN;
          RAISE NOTICE 'not a superuser: hotline_centre created without BYPASSRLS';
        END IF;
      END IF;
    END $$`);
    await q.query(`DO $$ BEGIN EXECUTE format('GRANT CONNECT ON DATABASE %I TO hotline_centre', current_database()); END $$`);
    await q.query('GRANT USAGE ON SCHEMA public TO hotline_centre');
    await q.query('GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO hotline_centre');
    await q.query('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO hotline_centre');
    await q.query('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE ON TABLES TO hotline_centre');
    await q.query('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO hotline_centre');
    await q.query('REVOKE UPDATE ON work_order_events, audit_log FROM hotline_centre');
    await q.query('REVOKE ALL ON schema_migrations FROM hotline_centre');
    await q.query('GRANT DELETE ON outbox, processed_jobs TO hotline_centre');
    await q.query('GRANT hotline_centre TO hotline_app');
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('REVOKE hotline_centre FROM hotline_app');
    await q.query('REVOKE ALL ON ALL TABLES IN SCHEMA public FROM hotline_centre');
    await q.query('REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM hotline_centre');
    await q.query('ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM hotline_centre');
    await q.query('ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM hotline_centre');
  }
}
