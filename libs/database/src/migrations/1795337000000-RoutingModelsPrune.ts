import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The worker keeps the newest router versions and deletes older ones when it retrains. */
export class RoutingModelsPrune1795337000000 implements MigrationInterface {
  name = 'RoutingModelsPrune1795337000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query('GRANT DELETE ON routing_models TO hotline_app, hotline_centre');
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('REVOKE DELETE ON routing_models FROM hotline_app, hotline_centre');
  }
}
