import { DELIVERY_CONSUMER } from '../connectors/delivery.service';
import { DISPATCH_ROLLUP_CONSUMER } from '../metrics/dispatch-metrics.service';
import { SATISFACTION_RECONCILE_DAYS, SATISFACTION_ROLLUP_CONSUMER } from '../metrics/satisfaction.service';
import { ROUTER_CONSUMER } from '../shared/prepared';
import { PROCESSED_JOB_RETENTION, consumersByRetention, processedJobsKeepDays } from './processed-jobs-retention';

describe('processed-job retention', () => {
  it('never keeps records for less than the satisfaction reconcile looks back, plus a day', () => {
    expect(processedJobsKeepDays(1)).toBe(SATISFACTION_RECONCILE_DAYS + 1);
    expect(processedJobsKeepDays(SATISFACTION_RECONCILE_DAYS)).toBe(SATISFACTION_RECONCILE_DAYS + 1);
    expect(processedJobsKeepDays(90)).toBe(90);
  });

  it('waits for the watermark of the consumers whose sweeps read the log past it', () => {
    expect(consumersByRetention()).toEqual({
      age: [ROUTER_CONSUMER, SATISFACTION_ROLLUP_CONSUMER],
      'behind-watermark': [DISPATCH_ROLLUP_CONSUMER, DELIVERY_CONSUMER],
    });
    expect(Object.keys(PROCESSED_JOB_RETENTION)).toHaveLength(4);
  });
});
