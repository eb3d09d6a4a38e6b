import { MigrationInterface, QueryRunner } from 'typeorm';

export class OutboxJobOptions1795342311102 implements MigrationInterface {
  name = 'OutboxJobOptions1795342311102';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox" ADD "job_id" character varying(120)`);
    await queryRunner.query(`ALTER TABLE "outbox" ADD "delay_ms" bigint`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox" DROP COLUMN "delay_ms"`);
    await queryRunner.query(`ALTER TABLE "outbox" DROP COLUMN "job_id"`);
  }
}
