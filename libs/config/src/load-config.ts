// The only place that reads process.env.
import { type AppConfig, parseConfig } from './config.schema';

let cached: AppConfig | undefined;

/** Without arguments: the process's config, parsed once. With overrides (even {}): parsed afresh. */
export function loadConfig(overrides?: Record<string, string | undefined>): AppConfig {
  if (overrides) return parseConfig({ ...process.env, ...overrides });
  cached ??= parseConfig({ ...process.env });
  return cached;
}
