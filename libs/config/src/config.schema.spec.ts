import { ConfigValidationError, appDatabaseUrl, parseConfig } from './config.schema';

describe('configuration', () => {
  it('fills every default for an empty environment', () => {
    const cfg = parseConfig({});
    expect(cfg.PORT).toBe(3000);
    expect(cfg.TZ_BUSINESS).toBe('Asia/Shanghai');
  });

  it('lists every invalid variable at once', () => {
    expect(() => parseConfig({ PORT: 'abc', REDIS_URL: 'http://x', JWT_SECRET: 'short' })).toThrow(ConfigValidationError);
    try {
      parseConfig({ PORT: 'abc', REDIS_URL: 'http://x', JWT_SECRET: 'short' });
    } catch (e) {
      const issues = (e as ConfigValidationError).issues.join('\n');
      expect(issues).toContain('PORT');
      expect(issues).toContain('REDIS_URL');
      expect(issues).toContain('JWT_SECRET');
    }
  });

  it('refuses development secrets in production', () => {
    expect(() => parseConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
  });

  it('derives the application role URL from the owner URL', () => {
    const cfg = parseConfig({ DATABASE_URL: 'postgres://owner:pw@db:5432/city' });
    expect(appDatabaseUrl(cfg)).toBe('postgres://hotline_app:hotline_app_dev@db:5432/city');
  });
});
