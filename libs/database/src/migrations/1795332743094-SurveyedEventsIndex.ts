import { MigrationInterface, QueryRunner } from "typeorm";

export class SurveyedEventsIndex1795332743094 implements MigrationInterface {
    name = 'SurveyedEventsIndex1795332743094'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "ix_work_order_events_surveyed" ON "work_order_events"  ("occurred_at") WHERE type = 'surveyed'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."ix_work_order_events_surveyed"`);
    }

}
