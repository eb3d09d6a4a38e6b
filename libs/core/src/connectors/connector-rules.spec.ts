import { createHmac } from 'node:crypto';
import {
  deliveriesFor,
  hashApiKey,
  isLastAttempt,
  isWebhookUrl,
  newApiKey,
  openSecret,
  sealSecret,
  sealingKey,
  signDelivery,
  subscribes,
} from './connector-rules';

describe('deliveriesFor', () => {
  it('delivers a dispatch to the unit it names', () => {
    expect(deliveriesFor({ type: 'dispatched', toStatus: 'dispatched', details: { departmentId: 'a' } })).toEqual([
      { event: 'order.dispatched', to: { kind: 'department', departmentId: 'a' } },
    ]);
  });

  it('delivers a second-level dispatch to the sub-unit', () => {
    expect(deliveriesFor({ type: 'sub_dispatched', toStatus: 'dispatched', details: { departmentId: 's' } })[0].to).toEqual({
      kind: 'department',
      departmentId: 's',
    });
  });

  it('delivers an approved return to the new unit and a withdrawal to the unit that returned it', () => {
    expect(deliveriesFor({ type: 'return_approved', toStatus: 'dispatched', details: { departmentId: 'b', returnedBy: 'a' } })).toEqual([
      { event: 'order.dispatched', to: { kind: 'department', departmentId: 'b' } },
      { event: 'order.withdrawn', to: { kind: 'department', departmentId: 'a' } },
    ]);
  });

  it('delivers only the withdrawal when an approved return left the next unit to the router', () => {
    expect(deliveriesFor({ type: 'return_approved', toStatus: 'registered', details: { returnedBy: 'a' } }).map((p) => p.event)).toEqual(['order.withdrawn']);
  });

  it('tells the holder that its order was closed, merged or transferred', () => {
    for (const type of ['closed', 'merged', 'transferred']) {
      expect(deliveriesFor({ type, toStatus: type, details: {} })).toEqual([{ event: 'order.closed', to: { kind: 'holder' } }]);
    }
  });

  it('tells the holder of a closing survey but not of one waiting for review', () => {
    expect(deliveriesFor({ type: 'surveyed', toStatus: 'closed', details: {} })).toHaveLength(1);
    expect(deliveriesFor({ type: 'surveyed', toStatus: 'replied', details: {} })).toHaveLength(0);
  });

  it('delivers nothing for the unit’s own actions', () => {
    for (const type of ['signed', 'replied', 'return_requested', 'extension_requested', 'registered']) {
      expect(deliveriesFor({ type, toStatus: null, details: {} })).toEqual([]);
    }
  });
});

describe('subscribes', () => {
  it('takes a missing or empty filter as every event', () => {
    expect(subscribes(null, 'order.closed')).toBe(true);
    expect(subscribes([], 'order.closed')).toBe(true);
  });

  it('skips events the webhook did not ask for', () => {
    expect(subscribes(['order.dispatched'], 'order.closed')).toBe(false);
  });
});

describe('signDelivery', () => {
  it('signs "<timestamp>.<body>" with HMAC-SHA256 in hex', () => {
    const expected = createHmac('sha256', 'whsec_x').update('1700000000.{"a":1}').digest('hex');
    expect(signDelivery('whsec_x', 1700000000, '{"a":1}')).toBe(`sha256=${expected}`);
  });

  it('changes with the timestamp, so a replayed body with a new timestamp does not verify', () => {
    expect(signDelivery('k', 1, 'b')).not.toBe(signDelivery('k', 2, 'b'));
  });
});

describe('isWebhookUrl', () => {
  it('accepts http and https', () => {
    expect(isWebhookUrl('https://dept.example.gov.cn/hooks/12345')).toBe(true);
    expect(isWebhookUrl('http://10.0.0.5:8080/in')).toBe(true);
  });

  it('refuses other schemes, credentials in the URL and garbage', () => {
    expect(isWebhookUrl('ftp://x/y')).toBe(false);
    expect(isWebhookUrl('file:///etc/passwd')).toBe(false);
    expect(isWebhookUrl('https://user:pw@x.cn/')).toBe(false);
    expect(isWebhookUrl('not a url')).toBe(false);
  });

  it('refuses cloud metadata and, unless allowed, loopback addresses', () => {
    expect(isWebhookUrl('http://169.254.169.254/latest/meta-data')).toBe(false);
    expect(isWebhookUrl('http://127.0.0.1:9000/in')).toBe(false);
    expect(isWebhookUrl('http://localhost/in')).toBe(false);
    expect(isWebhookUrl('http://[::1]/in')).toBe(false);
    expect(isWebhookUrl('http://127.0.0.1:9000/in', { allowLoopback: true })).toBe(true);
  });
});

describe('sealed secrets', () => {
  it('round-trips under the same server secret', () => {
    const key = sealingKey('server-secret-0123456789');
    expect(openSecret(sealSecret('whsec_abc', key), key)).toBe('whsec_abc');
  });

  it('does not open under another server secret', () => {
    const sealed = sealSecret('whsec_abc', sealingKey('server-secret-0123456789'));
    expect(() => openSecret(sealed, sealingKey('another-secret-0123456789'))).toThrow();
  });
});

describe('API keys', () => {
  it('are random and stored only as a SHA-256 hash', () => {
    const a = newApiKey();
    expect(a).not.toBe(newApiKey());
    expect(hashApiKey(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKey(a)).not.toContain(a);
  });
});

describe('isLastAttempt', () => {
  it('gives up at the setting when it is below the queue budget', () => {
    expect(isLastAttempt(5, 5, 8)).toBe(true);
    expect(isLastAttempt(4, 5, 8)).toBe(false);
  });

  it('gives up at the queue budget when the setting is higher', () => {
    expect(isLastAttempt(8, 10, 8)).toBe(true);
  });
});
