import { type OutboxRow, bullJobsFor } from './outbox-jobs';

const row = (id: number, job: string, extra: Partial<OutboxRow> = {}): OutboxRow => ({
  id: String(id),
  queue_name: job === 'order.route' ? 'dispatch' : job.startsWith('deadline') ? 'deadlines' : 'events',
  job_name: job,
  payload: { workOrderId: `wo-${id}`, eventId: `ev-${id}` },
  job_id: null,
  delay: null,
  ...extra,
});

describe('bullJobsFor (what the relay adds for a batch of outbox rows)', () => {
  it('adds a lone row as its own job, keyed by its outbox id', () => {
    expect(bullJobsFor([row(7, 'order.route')])).toEqual([
      { queue: 'dispatch', name: 'order.route', data: { workOrderId: 'wo-7', eventId: 'ev-7' }, opts: { jobId: 'outbox-7' } },
    ]);
  });

  it('packs the routing rows and the reaction rows of a batch into one job each, items in id order with their outbox ids', () => {
    const jobs = bullJobsFor([
      row(12, 'order.route'),
      row(10, 'order.route'),
      row(11, 'work-order.changed'),
      row(13, 'work-order.changed'),
      row(14, 'order.route'),
    ]);
    expect(jobs).toEqual([
      {
        queue: 'dispatch',
        name: 'order.route.batch',
        data: {
          items: [
            { workOrderId: 'wo-10', eventId: 'ev-10', outboxId: '10' },
            { workOrderId: 'wo-12', eventId: 'ev-12', outboxId: '12' },
            { workOrderId: 'wo-14', eventId: 'ev-14', outboxId: '14' },
          ],
        },
        opts: { jobId: 'outbox-10-batch-3' },
      },
      {
        queue: 'events',
        name: 'work-order.changed.batch',
        data: {
          items: [
            { workOrderId: 'wo-11', eventId: 'ev-11', outboxId: '11' },
            { workOrderId: 'wo-13', eventId: 'ev-13', outboxId: '13' },
          ],
        },
        opts: { jobId: 'outbox-11-batch-2' },
      },
    ]);
  });

  it('orders ids numerically, not as text', () => {
    const [job] = bullJobsFor([row(100, 'order.route'), row(99, 'order.route')]);
    expect((job.data.items as { outboxId: string }[]).map((i) => i.outboxId)).toEqual(['99', '100']);
  });

  it('keeps timers (their own ids, their delays) and jobs without a batch form one job per row', () => {
    const jobs = bullJobsFor([
      row(1, 'deadline.fire', { job_id: 'deadline-wo-1-overdue-1700000000000', delay: 5000 }),
      row(2, 'deadline.fire', { job_id: 'deadline-wo-2-overdue-1700000000000', delay: 0 }),
      row(3, 'deadlines.plan'),
      row(4, 'deadlines.plan'),
    ]);
    expect(jobs.map((j) => [j.name, j.opts])).toEqual([
      ['deadline.fire', { jobId: 'deadline-wo-1-overdue-1700000000000', delay: 5000 }],
      ['deadline.fire', { jobId: 'deadline-wo-2-overdue-1700000000000', delay: 0 }],
      ['deadlines.plan', { jobId: 'outbox-3' }],
      ['deadlines.plan', { jobId: 'outbox-4' }],
    ]);
  });
});
