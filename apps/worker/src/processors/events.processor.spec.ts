import type { Job } from 'bullmq';
import type { JobPayloads } from '@hotline/contracts';
import { type EventReaction, InvalidInput } from '@hotline/core';
import { EventsProcessor } from './events.processor';

type Changed = JobPayloads['work-order.changed'];

const job = (eventId: string, attemptsMade = 0) =>
  ({ name: 'work-order.changed', data: { eventId, workOrderId: `wo-${eventId}`, type: 'dispatched' }, attemptsMade }) as unknown as Job<
    Changed,
    unknown,
    'work-order.changed'
  >;

class Recorder implements EventReaction {
  readonly consumer = 'recorder';
  batches: string[][] = [];
  singles: string[] = [];
  failBatches = false;
  async react(e: Changed): Promise<string> {
    this.singles.push(e.eventId);
    return e.eventId;
  }
  async reactAll(events: readonly Changed[]): Promise<void> {
    if (this.failBatches) throw new Error('batch failed');
    this.batches.push(events.map((e) => e.eventId));
  }
}

describe('EventsProcessor', () => {
  it('hands the jobs that arrive together to reactAll as one batch', async () => {
    const r = new Recorder();
    const p = new EventsProcessor([r]);
    const results = await Promise.all(['1', '2', '3'].map((id) => p.process(job(id))));
    expect(r.batches).toEqual([['1', '2', '3']]);
    expect(r.singles).toEqual([]);
    expect(results).toEqual([{ batched: true }, { batched: true }, { batched: true }]);
  });

  it('retries each job of a failed batch on its own, so one bad event holds up no other', async () => {
    const r = new Recorder();
    r.failBatches = true;
    const p = new EventsProcessor([r]);
    const results = await Promise.all(['1', '2'].map((id) => p.process(job(id))));
    expect(r.singles.sort()).toEqual(['1', '2']);
    expect(results).toEqual([{ recorder: '1' }, { recorder: '2' }]);
  });

  it('processes a retried job alone, and a domain error is not retried again', async () => {
    const bad: EventReaction = {
      consumer: 'bad',
      react: async () => {
        throw new InvalidInput('the event names no order');
      },
    };
    const p = new EventsProcessor([bad]);
    await expect(p.process(job('9', 1))).rejects.toMatchObject({ name: 'UnrecoverableError' });
  });
});
