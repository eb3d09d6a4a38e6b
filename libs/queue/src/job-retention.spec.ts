import { processedJobsKeepDays } from '@hotline/core';
import { DEFAULT_JOB_OPTIONS, FAILED_JOB_KEEP_DAYS } from './queue.module';

describe('how long a job can come back, against how long its processed-job record is kept', () => {
  const dayS = 24 * 3600;

  it('keeps a failed job (which may be retried by hand) for less time than any record is kept', () => {
    expect(DEFAULT_JOB_OPTIONS.removeOnFail.age).toBe(FAILED_JOB_KEEP_DAYS * dayS);
    expect(FAILED_JOB_KEEP_DAYS).toBeLessThan(processedJobsKeepDays(1));
  });

  it('ends the automatic retries within a day', () => {
    const { attempts, backoff } = DEFAULT_JOB_OPTIONS;
    // Exponential backoff: delay · 2^(k-1) before the k-th retry.
    const totalMs = Array.from({ length: attempts - 1 }, (_, k) => backoff.delay * 2 ** k).reduce((a, b) => a + b, 0);
    expect(totalMs).toBeLessThan(dayS * 1000);
  });
});
