// Department connectors (垂建系统): a unit's own business system receives its orders through a signed
// webhook and acts on them through the API with a per-department API key.
import type { WorkOrderView } from './api';

/**
 * What a department's system is told. Each names a change in who holds the order or what the unit
 * must do next:
 * - `order.dispatched`: the order was handed to the unit (派单, 二级派单, or re-dispatch after an
 *   approved return);
 * - `order.reopened`: 重办, back to the unit with a fresh clock;
 * - `order.withdrawn`: the unit's return was approved and the order went elsewhere;
 * - `order.return_denied`: the return was denied, the unit must handle the order;
 * - `order.extension_reviewed`: the extension request was approved or denied;
 * - `order.supervised`: 督办 was issued on the order;
 * - `order.closed`: the order left the unit for good (办结, 并单, 转110).
 */
export const DELIVERY_EVENTS = [
  'order.dispatched',
  'order.reopened',
  'order.withdrawn',
  'order.return_denied',
  'order.extension_reviewed',
  'order.supervised',
  'order.closed',
] as const;
export type DeliveryEvent = (typeof DELIVERY_EVENTS)[number];

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'cancelled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** PUT /api/departments/:id/connector */
export interface ConnectorRequest {
  /** http or https URL of the department's receiver. */
  url: string;
  /** Which events to deliver; absent = every event. */
  events?: DeliveryEvent[];
  /** false disables the webhook (no new deliveries; pending ones are cancelled). Default true. */
  active?: boolean;
}

export interface ConnectorView {
  departmentId: string;
  url: string;
  /** null: every event. */
  events: DeliveryEvent[] | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
  secretRotatedAt: string;
  lastDelivery: { id: string; status: DeliveryStatus; event: DeliveryEvent; at: string; statusCode: number | null } | null;
  pending: number;
  failed: number;
}

/** Returned once, when the webhook is created or its secret rotated: the HMAC-SHA256 signing secret. */
export interface ConnectorSecretView extends ConnectorView {
  secret: string;
}

export interface ApiKeyRequest {
  label?: string;
}

export interface ApiKeyView {
  id: string;
  departmentId: string;
  /** The key's first characters, to tell keys apart (the key itself is never stored). */
  prefix: string;
  label: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Returned once, when the key is issued. Send it as `Authorization: ApiKey <key>` or `X-Api-Key: <key>`. */
export interface ApiKeyIssuedView extends ApiKeyView {
  key: string;
}

export interface DeliveryAttemptView {
  attempt: number;
  at: string;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
}

export interface DeliveryView {
  id: string;
  workOrderId: string;
  workOrderCode: string;
  event: DeliveryEvent;
  /** Position of the event in the order's history: a receiver applies deliveries of one order in this order. */
  sequence: number;
  status: DeliveryStatus;
  attempts: number;
  createdAt: string;
  deliveredAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  attemptLog: DeliveryAttemptView[];
}

/**
 * The JSON body POSTed to a webhook. Headers: `X-Hotline-Delivery` (delivery id), `X-Hotline-Event`,
 * `X-Hotline-Sequence`, `X-Hotline-Timestamp` (Unix seconds) and `X-Hotline-Signature:
 * sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>" keyed with the webhook secret>`.
 */
export interface DeliveryBody {
  deliveryId: string;
  event: DeliveryEvent;
  sequence: number;
  sentAt: string;
  /** The unit's view of the order (masked phone; a confidential order hides the caller); only id and code once it left the unit. */
  order: WorkOrderView | { id: string; code: string };
}
