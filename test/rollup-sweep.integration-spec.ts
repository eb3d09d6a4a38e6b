// A survey whose job was lost with Redis (published, then gone) still reaches the satisfaction rate:
// the worker's sweep folds it from the event log.
import type { INestApplicationContext } from '@nestjs/common';
import { localDate } from '@hotline/core';
import { type TestApp, bootTestApp, bootTestWorker, createDepartment, createUser, pollUntil } from '@hotline/testing';

describe('satisfaction rollup sweep', () => {
  let t: TestApp;
  let worker: INestApplicationContext | undefined;

  beforeAll(async () => {
    t = await bootTestApp();
  }, 60_000);

  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  it('counts a survey whose queue job never arrived', async () => {
    const unit = await createDepartment(t.owner, { kind: 'utility', name: '测试供热公司' });
    const agent = await createUser(t.owner, 'agent');
    const dispatcher = await createUser(t.owner, 'dispatcher');
    const handler = await createUser(t.owner, 'department', { department: unit });
    const post = async (user: typeof agent, path: string, body: object = {}) =>
      t.http().post(path).set('authorization', `Bearer ${await t.token(user)}`).send(body).expect((r) => expect(r.status).toBeLessThan(300));

    const created = await post(agent, '/api/work-orders', { kind: 'help', priority: 'normal', language: 'zh', channel: 'phone', title: '暖气不热', content: '室温十度' });
    const id = created.body.id as string;
    await post(dispatcher, `/api/work-orders/${id}/dispatch`, { departmentId: unit.id });
    await post(handler, `/api/work-orders/${id}/sign`);
    await post(handler, `/api/work-orders/${id}/reply`, { content: '已上门调试' });
    await post(agent, `/api/work-orders/${id}/survey`, { outcome: 'reached', rating: 'very_satisfied', resolved: true });

    // The relay published the jobs and Redis lost them: nothing will ever deliver them.
    await t.owner.query(`UPDATE outbox SET published_at = now() WHERE payload->>'workOrderId' = $1`, [id]);

    worker = await bootTestWorker();
    const day = localDate(new Date(), 'Asia/Shanghai');
    const rows = await pollUntil(
      async () => {
        const r = await t.owner.query(`SELECT very_satisfied FROM satisfaction_daily WHERE department_id = $1 AND day = $2`, [unit.id, day]);
        return r.length ? r : undefined;
      },
      { timeoutMs: 15_000, what: 'the sweep to fold the survey' },
    );
    expect(rows[0].very_satisfied).toBe(1);
  }, 60_000);
});
