// Retrains that run at once (the schedule's first run and the bootstrap job at a first boot, or two
// workers) store one version for one history. On a database of its own, so no other test's
// dispatches change the history between the two.
import { RoutingService } from '@hotline/core';
import { type IsolatedDatabase, type TestApp, bootTestApp, createIsolatedDatabase } from '@hotline/testing';

describe('router retraining', () => {
  let db: IsolatedDatabase | undefined;
  let t: TestApp;

  beforeAll(async () => {
    db = await createIsolatedDatabase('retrain');
    t = await bootTestApp({ env: db.env });
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('stores one version when two retrains of the same history run at once', async () => {
    const routing = t.api.get(RoutingService);
    // A stored version of some other history, so both retrains find something new to store.
    await t.owner.query(
      `INSERT INTO routing_models (algorithm, reason, positives, negatives, labels, model, stats) VALUES ('softmax', 'schedule', 0, 0, 0, '{}', '{"fingerprint": "another history"}')`,
    );
    const before = Number((await t.owner.query(`SELECT count(*) AS n FROM routing_models`))[0].n);
    const results = await Promise.all([routing.retrain('schedule'), routing.retrain('schedule')]);
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect(Number((await t.owner.query(`SELECT count(*) AS n FROM routing_models`))[0].n)).toBe(before + 1);
    // A manual retrain always stores a version.
    expect(await routing.retrain('manual')).not.toBeNull();
  }, 60_000);
});
