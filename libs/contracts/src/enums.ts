// Domain vocabulary shared by every app and the console. No framework imports here.

export const Role = {
  Agent: 'agent', // 话务员
  Dispatcher: 'dispatcher', // 派单员
  Department: 'department', // 承办单位
  Supervisor: 'supervisor', // 值班长/督办
  Admin: 'admin',
} as const;
export type Role = (typeof Role)[keyof typeof Role];
export const ROLES: readonly Role[] = Object.values(Role);

export const WorkOrderStatus = {
  Registered: 'registered', // 受理
  Dispatched: 'dispatched', // 派单
  Accepted: 'accepted', // 签收
  ReturnRequested: 'return_requested', // 退单申请
  Replied: 'replied', // 答复
  Closed: 'closed', // 办结
  Rejected: 'rejected', // 不予受理
  Merged: 'merged', // 并单
  Transferred: 'transferred', // 转110
} as const;
export type WorkOrderStatus = (typeof WorkOrderStatus)[keyof typeof WorkOrderStatus];
export const WORK_ORDER_STATUSES: readonly WorkOrderStatus[] = Object.values(WorkOrderStatus);

/** 诉求类型 */
export const RequestKind = {
  Consultation: 'consultation', // 咨询
  Help: 'help', // 求助
  Complaint: 'complaint', // 投诉
  Report: 'report', // 举报
  Suggestion: 'suggestion', // 建议
  Praise: 'praise', // 表扬
} as const;
export type RequestKind = (typeof RequestKind)[keyof typeof RequestKind];
export const REQUEST_KINDS: readonly RequestKind[] = Object.values(RequestKind);

export const Priority = {
  Normal: 'normal', // 一般
  Urgent: 'urgent', // 紧急
  Critical: 'critical', // 特急
} as const;
export type Priority = (typeof Priority)[keyof typeof Priority];
export const PRIORITIES: readonly Priority[] = Object.values(Priority);

export const Language = { Zh: 'zh', Mn: 'mn' } as const;
export type Language = (typeof Language)[keyof typeof Language];
export const LANGUAGES: readonly Language[] = Object.values(Language);

export const Channel = {
  Phone: 'phone',
  Web: 'web',
  App: 'app',
  WeChat: 'wechat',
  Sms: 'sms',
  Police110: 'police110',
  Letter: 'letter',
} as const;
export type Channel = (typeof Channel)[keyof typeof Channel];
export const CHANNELS: readonly Channel[] = Object.values(Channel);

export const DepartmentKind = {
  Centre: 'centre', // 12345 centre itself
  CityBureau: 'city_bureau',
  Utility: 'utility',
  District: 'district',
  Street: 'street', // 街道/乡镇
} as const;
export type DepartmentKind = (typeof DepartmentKind)[keyof typeof DepartmentKind];
export const DEPARTMENT_KINDS: readonly DepartmentKind[] = Object.values(DepartmentKind);

/** 退单理由 */
export const ReturnReason = {
  FunctionMismatch: 'function_mismatch', // 职能不符
  TerritoryMismatch: 'territory_mismatch', // 属地不符
  UnclearOwnership: 'unclear_ownership', // 权属不清
  OverlappingFunctions: 'overlapping_functions', // 职能交叉
  Other: 'other',
} as const;
export type ReturnReason = (typeof ReturnReason)[keyof typeof ReturnReason];
export const RETURN_REASONS: readonly ReturnReason[] = Object.values(ReturnReason);

export const SurveyOutcome = { Reached: 'reached', Unreachable: 'unreachable', Refused: 'refused' } as const;
export type SurveyOutcome = (typeof SurveyOutcome)[keyof typeof SurveyOutcome];
export const SURVEY_OUTCOMES: readonly SurveyOutcome[] = Object.values(SurveyOutcome);

export const SatisfactionRating = {
  VerySatisfied: 'very_satisfied', // 非常满意
  Satisfied: 'satisfied', // 满意
  BasicallySatisfied: 'basically_satisfied', // 基本满意
  Dissatisfied: 'dissatisfied', // 不满意
  VeryDissatisfied: 'very_dissatisfied', // 非常不满意
} as const;
export type SatisfactionRating = (typeof SatisfactionRating)[keyof typeof SatisfactionRating];
export const SATISFACTION_RATINGS: readonly SatisfactionRating[] = Object.values(SatisfactionRating);

export const RequestReviewStatus = { Pending: 'pending', Approved: 'approved', Denied: 'denied' } as const;
export type RequestReviewStatus = (typeof RequestReviewStatus)[keyof typeof RequestReviewStatus];

export const CloseReason = {
  AnsweredDirectly: 'answered_directly', // 直接答复
  Satisfied: 'satisfied',
  SurveyNotRated: 'survey_not_rated', // unreachable / refused
  ClosedByCentre: 'closed_by_centre',
} as const;
export type CloseReason = (typeof CloseReason)[keyof typeof CloseReason];

export const SupervisionKind = { Reminder: 'reminder', Supervision: 'supervision' } as const; // 催办 / 督办
export type SupervisionKind = (typeof SupervisionKind)[keyof typeof SupervisionKind];

export const SupervisionSource = { Manual: 'manual', Automatic: 'automatic' } as const;
export type SupervisionSource = (typeof SupervisionSource)[keyof typeof SupervisionSource];

/** Traffic light of a work order against its time limits. */
export const DeadlineLight = { Green: 'green', Yellow: 'yellow', Red: 'red', None: 'none' } as const;
export type DeadlineLight = (typeof DeadlineLight)[keyof typeof DeadlineLight];

export const WorkOrderAction = {
  Create: 'create',
  AnswerDirectly: 'answer_directly',
  Reject: 'reject',
  Dispatch: 'dispatch',
  SubDispatch: 'sub_dispatch',
  Sign: 'sign',
  RequestReturn: 'request_return',
  ApproveReturn: 'approve_return',
  DenyReturn: 'deny_return',
  RequestExtension: 'request_extension',
  ApproveExtension: 'approve_extension',
  DenyExtension: 'deny_extension',
  Reply: 'reply',
  Survey: 'survey',
  Reopen: 'reopen',
  Close: 'close',
  Merge: 'merge',
  Supervise: 'supervise',
  Transfer: 'transfer',
} as const;
export type WorkOrderAction = (typeof WorkOrderAction)[keyof typeof WorkOrderAction];

export const TimeLimitStage = { Sign: 'sign', Complete: 'complete' } as const;
export type TimeLimitStage = (typeof TimeLimitStage)[keyof typeof TimeLimitStage];

export const TimeUnit = { Minutes: 'minutes', Hours: 'hours', WorkingDays: 'working_days' } as const;
export type TimeUnit = (typeof TimeUnit)[keyof typeof TimeUnit];

export const CalendarDayKind = { Holiday: 'holiday', Workday: 'workday' } as const; // 法定节假日 / 调休上班
export type CalendarDayKind = (typeof CalendarDayKind)[keyof typeof CalendarDayKind];
