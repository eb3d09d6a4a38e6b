// Request and response shapes of the HTTP API. The console and the simulator import these.
import type {
  CalendarDayKind,
  Channel,
  CloseReason,
  DeadlineLight,
  DepartmentKind,
  Language,
  Priority,
  RequestKind,
  RequestReviewStatus,
  ReturnReason,
  Role,
  SatisfactionRating,
  SupervisionKind,
  SupervisionSource,
  SurveyOutcome,
  WorkOrderStatus,
} from './enums';

export interface LoginRequest {
  username: string;
  password: string;
}
export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: UserView;
}
export interface RefreshRequest {
  refreshToken: string;
}

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  departmentId: string | null;
  languageSkills: Language[];
  active: boolean;
}
export interface CreateUserRequest {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  departmentId?: string;
  languageSkills?: Language[];
}

export interface DepartmentView {
  id: string;
  code: string;
  nameZh: string;
  nameMn: string | null;
  kind: DepartmentKind;
  parentId: string | null;
  districtCode: string | null;
}

export interface CreateWorkOrderRequest {
  kind: RequestKind;
  priority: Priority;
  language: Language;
  channel: Channel;
  title: string;
  content: string;
  /** Chinese summary for departments; required when language is mn. */
  summaryZh?: string;
  address?: string;
  districtCode?: string;
  matterCode?: string;
  citizenName?: string;
  citizenPhone?: string;
  confidential?: boolean;
  /** A direct answer (直接答复): the order is closed at once. */
  answer?: string;
}

export interface RejectRequest {
  reason: string;
}
export interface DispatchRequest {
  departmentId: string;
  note?: string;
}
export interface ReturnRequestBody {
  reasonCode: ReturnReason;
  note: string;
}
export interface ReturnReviewRequest {
  approved: boolean;
  departmentId?: string;
  note?: string;
}
export interface ExtensionRequestBody {
  days: number;
  reason: string;
}
export interface ExtensionReviewRequest {
  approved: boolean;
  note?: string;
}
export interface ReplyRequest {
  content: string;
}
export interface SurveyRequest {
  outcome: SurveyOutcome;
  rating?: SatisfactionRating;
  resolved?: boolean;
  comment?: string;
}
export interface ReopenRequest {
  note?: string;
}
export interface CloseRequest {
  note?: string;
}
export interface MergeRequest {
  intoId: string;
}
export interface SuperviseRequest {
  note: string;
}
export interface TransferRequest {
  note?: string;
}

export interface WorkOrderView {
  id: string;
  code: string;
  status: WorkOrderStatus;
  kind: RequestKind;
  priority: Priority;
  language: Language;
  channel: Channel;
  title: string;
  content: string;
  summaryZh: string | null;
  address: string | null;
  districtCode: string | null;
  matterCode: string | null;
  /** Masked or hidden depending on the caller's role and the confidential flag. */
  citizenName: string | null;
  citizenPhone: string | null;
  confidential: boolean;
  departmentId: string | null;
  dispatchCount: number;
  reopenCount: number;
  signDueAt: string | null;
  dueAt: string | null;
  light: DeadlineLight;
  answer: string | null;
  rejectReason: string | null;
  closeReason: CloseReason | null;
  mergedIntoId: string | null;
  createdAt: string;
  updatedAt: string;
  acceptedAt: string | null;
  repliedAt: string | null;
  closedAt: string | null;
  version: number;
}

/** Characters of the content a list row carries (contentPreview); the whole text is on the detail. */
export const LIST_CONTENT_PREVIEW_CHARS = 60;

/**
 * One row of a work-order list (GET /api/work-orders): what a list screen or the dispatch board shows
 * per order. The whole order (full content, answer, reasons, timestamps of each step) is
 * GET /api/work-orders/:id.
 */
/** The fields a list row shares with the whole order (same meaning, same masking). */
export type WorkOrderListFields =
  | 'id'
  | 'code'
  | 'status'
  | 'kind'
  | 'priority'
  | 'language'
  | 'channel'
  | 'title'
  | 'summaryZh'
  | 'address'
  | 'districtCode'
  | 'matterCode'
  | 'citizenName'
  | 'citizenPhone'
  | 'confidential'
  | 'departmentId'
  | 'dispatchCount'
  | 'reopenCount'
  | 'signDueAt'
  | 'dueAt'
  | 'light'
  | 'createdAt'
  | 'updatedAt'
  | 'version';

export type WorkOrderListItem = Pick<WorkOrderView, WorkOrderListFields> & {
  /** The first LIST_CONTENT_PREVIEW_CHARS characters of the content. */
  contentPreview: string;
};

export interface DispatchRecordView {
  id: string;
  hop: number;
  level: number;
  departmentId: string;
  fromDepartmentId: string | null;
  dispatchedById: string;
  dispatchedAt: string;
  signDueAt: string | null;
  acceptedAt: string | null;
  endedAt: string | null;
  outcome: string;
  /** Who chose the unit: a dispatcher (manual), the matter catalogue, or the text router. */
  routedBy: 'manual' | 'catalogue' | 'router';
  /** The router model's version when the router chose; its score (0..1) and the reason it gave. */
  modelVersion: number | null;
  routeScore: number | null;
  routeReason: string | null;
}
export interface ReturnRequestView {
  id: string;
  departmentId: string;
  reasonCode: ReturnReason;
  note: string;
  status: RequestReviewStatus;
  requestedAt: string;
  reviewedAt: string | null;
  newDepartmentId: string | null;
}
export interface ExtensionRequestView {
  id: string;
  departmentId: string;
  days: number;
  reason: string;
  status: RequestReviewStatus;
  requestedAt: string;
  previousDueAt: string | null;
  newDueAt: string | null;
}
export interface ReplyView {
  id: string;
  departmentId: string;
  content: string;
  repliedAt: string;
}
export interface SurveyView {
  id: string;
  outcome: SurveyOutcome;
  rating: SatisfactionRating | null;
  resolved: boolean | null;
  comment: string | null;
  departmentId: string | null;
  surveyedAt: string;
}
export interface SupervisionView {
  id: string;
  kind: SupervisionKind;
  source: SupervisionSource;
  note: string;
  departmentId: string | null;
  issuedAt: string;
}
export interface WorkOrderDetailView extends WorkOrderView {
  dispatches: DispatchRecordView[];
  returns: ReturnRequestView[];
  extensions: ExtensionRequestView[];
  replies: ReplyView[];
  surveys: SurveyView[];
  supervisions: SupervisionView[];
}

export interface WorkOrderEventView {
  id: string;
  type: string;
  actorId: string | null;
  actorRole: Role | 'system';
  fromStatus: WorkOrderStatus | null;
  toStatus: WorkOrderStatus | null;
  details: Record<string, unknown>;
  occurredAt: string;
}

export interface WorkOrderListQuery {
  status?: WorkOrderStatus;
  departmentId?: string;
  kind?: RequestKind;
  priority?: Priority;
  language?: Language;
  overdue?: boolean;
  from?: string;
  to?: string;
  q?: string;
  limit?: number;
  cursor?: string;
}
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface RateCell {
  numerator: number;
  denominator: number;
  /** null when the denominator is zero */
  rate: number | null;
}
export interface SatisfactionRow {
  key: string;
  label?: string;
  satisfaction: RateCell;
  strict: RateCell;
  counts: Record<SatisfactionRating, number> & { unreachable: number; refused: number };
}
export interface SatisfactionReport {
  from: string;
  to: string;
  groupBy: 'day' | 'department';
  weightBasic: number;
  rows: SatisfactionRow[];
  total: SatisfactionRow;
}

export interface CalendarDayView {
  date: string;
  kind: CalendarDayKind;
  name: string;
}

export interface ApiError {
  statusCode: number;
  error: string;
  message: string | string[];
  code?: string;
}
