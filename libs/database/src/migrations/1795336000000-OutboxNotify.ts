import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * NOTIFY outbox once per inserting statement (delivered at commit; repeats in one transaction fold
 * into one), so the relay publishes new rows at once instead of after its idle poll.
 */
export class OutboxNotify1795336000000 implements MigrationInterface {
  name = 'OutboxNotify1795336000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_notify('outbox', ''); RETURN NULL; END $$`);
    await q.query(`CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS outbox_notify ON outbox`);
    await q.query(`DROP FUNCTION IF EXISTS outbox_notify()`);
  }
}
