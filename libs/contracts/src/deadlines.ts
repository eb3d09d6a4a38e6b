// Deadlines that enforce themselves (催办 / 督办) and satisfaction-callback tasks (回访任务).
import type { Language } from './enums';

export const SurveyTaskStatus = { Open: 'open', Done: 'done', Cancelled: 'cancelled' } as const;
export type SurveyTaskStatus = (typeof SurveyTaskStatus)[keyof typeof SurveyTaskStatus];
export const SURVEY_TASK_STATUSES: readonly SurveyTaskStatus[] = Object.values(SurveyTaskStatus);

/** One callback an agent owes a caller. The phone is masked: the agent dials through the audited contact route. */
export interface SurveyTaskView {
  id: string;
  workOrderId: string;
  code: string;
  title: string;
  language: Language;
  departmentId: string | null;
  /** Masked (138****1234), or null for none. */
  citizenPhone: string | null;
  repliedAt: string;
  dueAt: string;
  status: SurveyTaskStatus;
  overdue: boolean;
  closedAt: string | null;
}

export interface SurveyTaskListQuery {
  status?: SurveyTaskStatus;
  overdue?: boolean;
  language?: Language;
  limit?: number;
  cursor?: string;
}

/**
 * What firing one timer did: issued a record; or found it already issued, moved (stale), not yet due,
 * the order gone, or (sweep only) the order locked by someone else, left for the next run.
 */
export type DeadlineFireResult = 'issued' | 'duplicate' | 'stale' | 'not_due' | 'gone' | 'busy';
