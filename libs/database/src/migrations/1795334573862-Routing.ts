import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The user the worker acts as when it dispatches, reminds or supervises by itself (系统). It cannot log in. */
export const SYSTEM_USER_ID = '00000000-0000-4000-8000-000000000001';

/**
 * Routing: versioned router models, per-centre mode and threshold, the manual queue's suggestions,
 * and on each dispatch who chose the unit (person, catalogue, router) with the model version.
 */

export class Routing1795334573862 implements MigrationInterface {
  name = 'Routing1795334573862';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "routing_models" ("version" integer GENERATED ALWAYS AS IDENTITY NOT NULL, "algorithm" character varying(40) NOT NULL, "reason" character varying(20) NOT NULL, "trained_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "positives" integer NOT NULL, "negatives" integer NOT NULL, "labels" integer NOT NULL, "model" jsonb NOT NULL, "stats" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_7dc7a7c1303f8f4686c8ab4105a" PRIMARY KEY ("version"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "routing_settings" ("centre_id" uuid NOT NULL, "mode" character varying(10) NOT NULL, "threshold" real NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_by_id" uuid, CONSTRAINT "PK_bc5eec492afffebf2b955752a2a" PRIMARY KEY ("centre_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "routing_suggestions" ("work_order_id" uuid NOT NULL, "suggestions" jsonb NOT NULL, "model_version" integer, "reason" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_fa482285919f3ec5d0d638eb609" PRIMARY KEY ("work_order_id"))`,
    );
    await queryRunner.query(`ALTER TABLE "dispatch_records" ADD "routed_by" character varying(10) NOT NULL DEFAULT 'manual'`);
    await queryRunner.query(`ALTER TABLE "dispatch_records" ADD "model_version" integer`);
    await queryRunner.query(`ALTER TABLE "dispatch_records" ADD "route_score" real`);
    await queryRunner.query(`ALTER TABLE "dispatch_records" ADD "route_reason" text`);
    await queryRunner.query(
      `ALTER TABLE "routing_settings" ADD CONSTRAINT "FK_bc5eec492afffebf2b955752a2a" FOREIGN KEY ("centre_id") REFERENCES "departments"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "routing_suggestions" ADD CONSTRAINT "FK_fa482285919f3ec5d0d638eb609" FOREIGN KEY ("work_order_id") REFERENCES "work_orders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // A suggestion leaves the manual queue when the order is dispatched.
    await queryRunner.query(`GRANT DELETE ON routing_suggestions TO hotline_app, hotline_centre`);
    await queryRunner.query(
      `INSERT INTO users (id, username, display_name, password_hash, role, language_skills, active)
             VALUES ($1, 'system', '系统（自动派单/督办）', '!', 'dispatcher', '{}', false) ON CONFLICT DO NOTHING`,
      [SYSTEM_USER_ID],
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM users WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM work_order_events WHERE actor_id = $1)`, [SYSTEM_USER_ID]);
    await queryRunner.query(`ALTER TABLE "routing_suggestions" DROP CONSTRAINT "FK_fa482285919f3ec5d0d638eb609"`);
    await queryRunner.query(`ALTER TABLE "routing_settings" DROP CONSTRAINT "FK_bc5eec492afffebf2b955752a2a"`);
    await queryRunner.query(`ALTER TABLE "dispatch_records" DROP COLUMN "route_reason"`);
    await queryRunner.query(`ALTER TABLE "dispatch_records" DROP COLUMN "route_score"`);
    await queryRunner.query(`ALTER TABLE "dispatch_records" DROP COLUMN "model_version"`);
    await queryRunner.query(`ALTER TABLE "dispatch_records" DROP COLUMN "routed_by"`);
    await queryRunner.query(`DROP TABLE "routing_suggestions"`);
    await queryRunner.query(`DROP TABLE "routing_settings"`);
    await queryRunner.query(`DROP TABLE "routing_models"`);
  }
}
