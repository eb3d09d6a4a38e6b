import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Department connectors (垂建系统): one webhook per unit (sealed signing secret), the deliveries of
 * order events to it with their append-only attempt log, and per-unit API keys (SHA-256 hashes only)
 * acting as the unit's non-login system user.
 */

export class Connectors1795334819329 implements MigrationInterface {
  name = 'Connectors1795334819329';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "department_webhooks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "department_id" uuid NOT NULL, "url" character varying(2000) NOT NULL, "events" text array, "secret_sealed" text NOT NULL, "secret_rotated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "active" boolean NOT NULL DEFAULT true, "updated_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9d3dad2247fadfdf7b5f0fd5d49" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_b101f0b0bdf1c2d60c2f68d01f" ON "department_webhooks"  ("department_id") `);
    await queryRunner.query(
      `CREATE TABLE "deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "webhook_id" uuid NOT NULL, "department_id" uuid NOT NULL, "work_order_id" uuid NOT NULL, "event_id" bigint NOT NULL, "event" character varying(40) NOT NULL, "sequence" integer NOT NULL, "status" character varying(12) NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "lease_until" TIMESTAMP WITH TIME ZONE, "last_status_code" smallint, "last_error" text, "last_attempt_at" TIMESTAMP WITH TIME ZONE, "delivered_at" TIMESTAMP WITH TIME ZONE, "queued_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a6ef225c5c5f0974e503bfb731f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_deliveries_pending" ON "deliveries"  ("created_at") WHERE "status" = 'pending'`);
    await queryRunner.query(`CREATE INDEX "ix_deliveries_department_created" ON "deliveries"  ("department_id", "created_at") `);
    await queryRunner.query(`CREATE INDEX "ix_deliveries_webhook_order" ON "deliveries"  ("webhook_id", "work_order_id", "sequence") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_deliveries_webhook_event" ON "deliveries"  ("webhook_id", "event_id", "event") `);
    await queryRunner.query(
      `CREATE TABLE "delivery_attempts" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "delivery_id" uuid NOT NULL, "attempt" integer NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "status_code" smallint, "duration_ms" integer NOT NULL, "error" text, CONSTRAINT "PK_41eba4eb5401d72860f7cd9a7ac" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_delivery_attempts_delivery" ON "delivery_attempts"  ("delivery_id", "attempt") `);
    await queryRunner.query(
      `CREATE TABLE "department_api_keys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "department_id" uuid NOT NULL, "user_id" uuid NOT NULL, "key_hash" character(64) NOT NULL, "prefix" character varying(16) NOT NULL, "label" character varying(100), "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_6c8cd02557f3e6a806d3edd23dc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_28204e7d140ff6d9980bb57d07" ON "department_api_keys"  ("department_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_a34f7a45c1c4d808c07f28da14" ON "department_api_keys"  ("key_hash") `);
    await queryRunner.query(
      `ALTER TABLE "department_webhooks" ADD CONSTRAINT "FK_b101f0b0bdf1c2d60c2f68d01f6" FOREIGN KEY ("department_id") REFERENCES "departments"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "deliveries" ADD CONSTRAINT "FK_99e1a2250eee6ab72ee7661f0cc" FOREIGN KEY ("webhook_id") REFERENCES "department_webhooks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "deliveries" ADD CONSTRAINT "FK_bf5dda31b0df3bdfd97ae31ee97" FOREIGN KEY ("department_id") REFERENCES "departments"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "deliveries" ADD CONSTRAINT "FK_3b5bd00963867ce64761cc45d87" FOREIGN KEY ("work_order_id") REFERENCES "work_orders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "delivery_attempts" ADD CONSTRAINT "FK_a9d7e7212c87084249a641ab455" FOREIGN KEY ("delivery_id") REFERENCES "deliveries"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "department_api_keys" ADD CONSTRAINT "FK_28204e7d140ff6d9980bb57d072" FOREIGN KEY ("department_id") REFERENCES "departments"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "department_api_keys" ADD CONSTRAINT "FK_5f18314dd5b84a1dbabc18ab098" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    for (const role of ['hotline_app', 'hotline_centre']) {
      await queryRunner.query(`GRANT SELECT, INSERT, UPDATE ON department_webhooks, deliveries, department_api_keys TO ${role}`);
      // The attempt log is append-only.
      await queryRunner.query(`GRANT SELECT, INSERT ON delivery_attempts TO ${role}`);
      await queryRunner.query(`REVOKE UPDATE, DELETE ON delivery_attempts FROM ${role}`);
      await queryRunner.query(`GRANT USAGE, SELECT ON SEQUENCE delivery_attempts_id_seq TO ${role}`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "department_api_keys" DROP CONSTRAINT "FK_5f18314dd5b84a1dbabc18ab098"`);
    await queryRunner.query(`ALTER TABLE "department_api_keys" DROP CONSTRAINT "FK_28204e7d140ff6d9980bb57d072"`);
    await queryRunner.query(`ALTER TABLE "delivery_attempts" DROP CONSTRAINT "FK_a9d7e7212c87084249a641ab455"`);
    await queryRunner.query(`ALTER TABLE "deliveries" DROP CONSTRAINT "FK_3b5bd00963867ce64761cc45d87"`);
    await queryRunner.query(`ALTER TABLE "deliveries" DROP CONSTRAINT "FK_bf5dda31b0df3bdfd97ae31ee97"`);
    await queryRunner.query(`ALTER TABLE "deliveries" DROP CONSTRAINT "FK_99e1a2250eee6ab72ee7661f0cc"`);
    await queryRunner.query(`ALTER TABLE "department_webhooks" DROP CONSTRAINT "FK_b101f0b0bdf1c2d60c2f68d01f6"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a34f7a45c1c4d808c07f28da14"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_28204e7d140ff6d9980bb57d07"`);
    await queryRunner.query(`DROP TABLE "department_api_keys"`);
    await queryRunner.query(`DROP INDEX "public"."ix_delivery_attempts_delivery"`);
    await queryRunner.query(`DROP TABLE "delivery_attempts"`);
    await queryRunner.query(`DROP INDEX "public"."uq_deliveries_webhook_event"`);
    await queryRunner.query(`DROP INDEX "public"."ix_deliveries_webhook_order"`);
    await queryRunner.query(`DROP INDEX "public"."ix_deliveries_department_created"`);
    await queryRunner.query(`DROP INDEX "public"."ix_deliveries_pending"`);
    await queryRunner.query(`DROP TABLE "deliveries"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b101f0b0bdf1c2d60c2f68d01f"`);
    await queryRunner.query(`DROP TABLE "department_webhooks"`);
  }
}
