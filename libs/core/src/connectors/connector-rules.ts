// Pure rules of department connectors: which work-order events are delivered to which unit, the
// webhook signature, secret sealing and API-key material. No Nest or TypeORM here.
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { DeliveryEvent } from '@hotline/contracts';

/** Who receives a delivery: the unit named on the event, the unit that returned it, or the unit holding it before the event. */
export type Recipient = { kind: 'department'; departmentId: string } | { kind: 'holder' };

export interface DeliveryPlan {
  event: DeliveryEvent;
  to: Recipient;
}

export interface EventInput {
  type: string;
  toStatus: string | null;
  details: Record<string, unknown>;
}

/** Events that hand an order to a unit: their details name the unit (details.departmentId). */
export const ASSIGNMENT_EVENTS = ['dispatched', 'sub_dispatched', 'return_approved', 'reopened'] as const;

/** Every work-order event type that may produce a delivery (the sender waits until each earlier one was considered). */
export const DELIVERABLE_EVENT_TYPES = [
  ...ASSIGNMENT_EVENTS,
  'return_denied',
  'extension_approved',
  'extension_denied',
  'supervised',
  'closed',
  'merged',
  'transferred',
  'surveyed',
] as const;

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
const dept = (v: unknown): Recipient[] => {
  const id = str(v);
  return id ? [{ kind: 'department', departmentId: id }] : [];
};

/** Which deliveries a committed work-order event makes, and to whom. */
export function deliveriesFor(e: EventInput): DeliveryPlan[] {
  const d = e.details ?? {};
  switch (e.type) {
    case 'dispatched':
    case 'sub_dispatched':
      return dept(d.departmentId).map((to) => ({ event: 'order.dispatched', to }));
    case 'return_approved':
      // The router may pick the next unit later (no departmentId): then its dispatch event delivers it.
      return [
        ...dept(d.departmentId).map((to) => ({ event: 'order.dispatched' as const, to })),
        ...dept(d.returnedBy).map((to) => ({ event: 'order.withdrawn' as const, to })),
      ];
    case 'reopened':
      return dept(d.departmentId).map((to) => ({ event: 'order.reopened', to }));
    case 'return_denied':
      return [{ event: 'order.return_denied', to: { kind: 'holder' } }];
    case 'extension_approved':
    case 'extension_denied':
      return [{ event: 'order.extension_reviewed', to: { kind: 'holder' } }];
    case 'supervised':
      return [{ event: 'order.supervised', to: dept(d.departmentId)[0] ?? { kind: 'holder' } }];
    case 'closed':
    case 'merged':
    case 'transferred':
      return [{ event: 'order.closed', to: { kind: 'holder' } }];
    case 'surveyed':
      return e.toStatus === 'closed' ? [{ event: 'order.closed', to: { kind: 'holder' } }] : [];
    default:
      return [];
  }
}

/** Whether a webhook subscribed to an event (null or empty: every event). */
export function subscribes(events: readonly string[] | null, event: DeliveryEvent): boolean {
  return !events || events.length === 0 || events.includes(event);
}

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`: the timestamp is signed so a replay is detectable. */
export function signDelivery(secret: string, timestamp: number, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

/** Only plain http(s) URLs without embedded credentials. */
export function isWebhookUrl(raw: string, opts: { allowLoopback?: boolean } = {}): boolean {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return false;
  }
  if (!(u.protocol === 'http:' || u.protocol === 'https:') || u.username !== '' || u.password !== '' || u.hostname === '') return false;
  // Departments' systems live on intranets (private addresses are fine), but the worker must not be
  // pointed at itself or at cloud metadata: loopback only where allowed (development and tests).
  const host = u.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (/^169\.254\./.test(host) || host.startsWith('fe80:') || host === '0.0.0.0') return false;
  const loopback = host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '::1';
  return !loopback || opts.allowLoopback === true;
}

export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64url')}`;
export const newApiKey = (): string => `hk_${randomBytes(32).toString('base64url')}`;
/** Only this hash of an API key is stored; 256 random bits need no slow hash. */
export const hashApiKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');
export const API_KEY_PREFIX_LENGTH = 10;

/** The key that seals webhook secrets at rest, derived from a server secret (never stored). */
export function sealingKey(serverSecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', serverSecret, 'hotline-connectors', 'webhook-secret-v1', 32));
}

/** AES-256-GCM: `v1.<iv>.<tag>.<ciphertext>` (base64url). */
export function sealSecret(plain: string, key: Buffer): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return ['v1', iv, c.getAuthTag(), ct].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
}

export function openSecret(sealed: string, key: Buffer): string {
  const [v, iv, tag, ct] = sealed.split('.');
  if (v !== 'v1' || !iv || !tag || ct === undefined) throw new Error('unknown sealed secret format');
  const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  d.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8');
}

/** After this attempt, is the delivery given up? The lower of the setting and the queue's own attempt budget wins. */
export function isLastAttempt(attempt: number, maxAttempts: number, queueAttempts: number): boolean {
  return attempt >= Math.min(maxAttempts, queueAttempts);
}
