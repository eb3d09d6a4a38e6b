import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Dispatch accuracy and accountability: the daily dispatch rollup the worker folds from events, the
 * sweep's watermark over the event log, and the append-only 约谈 records.
 */
export class DispatchMetricsAndAccountability1795334793772 implements MigrationInterface {
  name = 'DispatchMetricsAndAccountability1795334793772';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "dispatch_daily" ("day" date NOT NULL, "department_id" uuid NOT NULL, "dispatches" integer NOT NULL DEFAULT '0', "approved_returns" integer NOT NULL DEFAULT '0', "orders" integer NOT NULL DEFAULT '0', "first_unit_final" integer NOT NULL DEFAULT '0', "hops" integer NOT NULL DEFAULT '0', "signs" integer NOT NULL DEFAULT '0', "signs_on_time" integer NOT NULL DEFAULT '0', "completions" integer NOT NULL DEFAULT '0', "completions_on_time" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_b74f83da373b60486c39c21f656" PRIMARY KEY ("day", "department_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "rollup_watermarks" ("consumer" character varying(60) NOT NULL, "last_event_id" bigint NOT NULL DEFAULT '0', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d7adeea37bee4e433f0cd33d8c4" PRIMARY KEY ("consumer"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "accountability_interviews" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "department_id" uuid NOT NULL, "month" character(7) NOT NULL, "interviewed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "outcome" character varying(30) NOT NULL, "note" text NOT NULL, "recorded_by_id" uuid NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_cbdf8a2bcb09cf059a9307147ce" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_accountability_interviews_month" ON "accountability_interviews"  ("month", "department_id") `);
    await queryRunner.query(
      `ALTER TABLE "accountability_interviews" ADD CONSTRAINT "FK_fa8b199bad1c7c70b94ce95849d" FOREIGN KEY ("department_id") REFERENCES "departments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // The worker increments the rollup and moves the watermark; interviews are append-only (a
    // correction is a new record), so the app roles may read and insert them, nothing more.
    await queryRunner.query(`GRANT SELECT, INSERT, UPDATE ON dispatch_daily, rollup_watermarks TO hotline_app, hotline_centre`);
    await queryRunner.query(`REVOKE UPDATE, DELETE ON accountability_interviews FROM hotline_app, hotline_centre`);
    await queryRunner.query(`GRANT SELECT, INSERT ON accountability_interviews TO hotline_app, hotline_centre`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "accountability_interviews" DROP CONSTRAINT "FK_fa8b199bad1c7c70b94ce95849d"`);
    await queryRunner.query(`DROP INDEX "public"."ix_accountability_interviews_month"`);
    await queryRunner.query(`DROP TABLE "accountability_interviews"`);
    await queryRunner.query(`DROP TABLE "rollup_watermarks"`);
    await queryRunner.query(`DROP TABLE "dispatch_daily"`);
  }
}
