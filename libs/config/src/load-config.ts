// The only place that reads process.env.
import { type AppConfig, parseConfig } from './config.schema';

let cached: AppConfig | undefined;

export function loadConfig(overrides: Record<string, string | undefined> = {}): AppConfig {
  if (!cached || Object.keys(overrides).length > 0) {
    const cfg = parseConfig({ ...process.env, ...overrides });
    if (Object.keys(overrides).length > 0) return cfg;
    cached = cfg;
  }
  return cached;
}

export function resetConfigCache(): void {
  cached = undefined;
}
