import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deadlines that enforce themselves: automatic supervisions name the timer (trigger, due_at) that
 * issued them, unique per order, so a redelivered job or the sweep racing it writes nothing; and
 * 回访 tasks, one per reply, open until surveyed or the reply no longer stands.
 */
export class DeadlinesAndSurveyTasks1795334859444 implements MigrationInterface {
  name = 'DeadlinesAndSurveyTasks1795334859444';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "survey_tasks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "work_order_id" uuid NOT NULL, "replied_at" TIMESTAMP WITH TIME ZONE NOT NULL, "language" character varying(4) NOT NULL, "department_id" uuid, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "status" character varying(10) NOT NULL DEFAULT 'open', "overdue" boolean NOT NULL DEFAULT false, "closed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_46f06c9d35182b7f5afe2f78b93" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_survey_tasks_open_due" ON "survey_tasks"  ("due_at", "id") WHERE status = 'open'`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_survey_tasks_reply" ON "survey_tasks"  ("work_order_id", "replied_at") `);
    await queryRunner.query(`ALTER TABLE "supervisions" ADD "trigger" character varying(20)`);
    await queryRunner.query(`ALTER TABLE "supervisions" ADD "due_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_supervisions_timer" ON "supervisions"  ("work_order_id", "trigger", "due_at") WHERE "trigger" IS NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE "survey_tasks" ADD CONSTRAINT "FK_2bdf6e08803349876f3229ab174" FOREIGN KEY ("work_order_id") REFERENCES "work_orders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // Tasks are opened, closed and flagged by the app; never deleted (history of callbacks owed).
    await queryRunner.query('GRANT SELECT, INSERT, UPDATE ON survey_tasks TO hotline_app, hotline_centre');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "survey_tasks" DROP CONSTRAINT "FK_2bdf6e08803349876f3229ab174"`);
    await queryRunner.query(`DROP INDEX "public"."uq_supervisions_timer"`);
    await queryRunner.query(`ALTER TABLE "supervisions" DROP COLUMN "due_at"`);
    await queryRunner.query(`ALTER TABLE "supervisions" DROP COLUMN "trigger"`);
    await queryRunner.query(`DROP INDEX "public"."uq_survey_tasks_reply"`);
    await queryRunner.query(`DROP INDEX "public"."ix_survey_tasks_open_due"`);
    await queryRunner.query(`DROP TABLE "survey_tasks"`);
  }
}
