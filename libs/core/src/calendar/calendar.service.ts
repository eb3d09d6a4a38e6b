import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@hotline/config';
import type { CalendarDayView, Priority, RequestKind } from '@hotline/contracts';
import { TtlSnapshot } from '../shared/ttl-snapshot';
import { type TimeLimitPolicy, resolveTimeLimit } from './time-limits';
import { type WorkCalendar, addWorkingDays, deadlineFor } from './working-time';

export interface HotlineSettings {
  returnWindowWorkingDays: number;
  maxDispatches: number;
  maxExtensionWorkingDays: number;
  yellowLightFraction: number;
  satisfactionBasicWeight: number;
  shortAbandonS: number;
  routingMode: 'auto' | 'suggest';
  routingThreshold: number;
  routingRetrainEveryMinutes: number;
  sweepIntervalS: number;
  accountability: {
    minDispatchAccuracy: number;
    minOnTimeSignRate: number;
    minOnTimeCompletionRate: number;
    minSatisfactionRate: number;
    maxSupervisions: number;
  };
  deliveryMaxAttempts: number;
}

interface Snapshot {
  calendar: WorkCalendar;
  policies: TimeLimitPolicy[];
  settings: HotlineSettings;
}

/** Rules are data: the calendar, time limits and thresholds come from tables, cached briefly per process. */
const TTL_MS = 30_000;

@Injectable()
export class CalendarService {
  private readonly snapshot = new TtlSnapshot(() => this.load(), TTL_MS);

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly cfg: AppConfig,
  ) {}

  get timeZone(): string {
    return this.cfg.TZ_BUSINESS;
  }

  private async load(): Promise<Snapshot> {
    const [days, policies, settings] = await Promise.all([
      this.ds.query(`SELECT to_char(date, 'YYYY-MM-DD') AS date, kind FROM calendar_days`) as Promise<{ date: string; kind: 'holiday' | 'workday' }[]>,
      this.ds.query(`SELECT stage, kind, priority, amount, unit FROM time_limit_policies`) as Promise<TimeLimitPolicy[]>,
      this.ds.query(`SELECT key, value FROM settings`) as Promise<{ key: string; value: unknown }[]>,
    ]);
    const s = new Map(settings.map((r) => [r.key, r.value]));
    const num = (key: string, fallback: number) => (typeof s.get(key) === 'number' ? (s.get(key) as number) : fallback);
    return {
      calendar: { timeZone: this.cfg.TZ_BUSINESS, overrides: new Map(days.map((d) => [d.date, d.kind])) },
      policies,
      settings: {
        returnWindowWorkingDays: num('return_window_working_days', 2),
        maxDispatches: num('max_dispatches', 3),
        maxExtensionWorkingDays: num('max_extension_working_days', 10),
        yellowLightFraction: num('yellow_light_fraction', 0.8),
        satisfactionBasicWeight: num('satisfaction_basic_weight', 1),
        shortAbandonS: num('short_abandon_s', 0),
        routingMode: s.get('routing_mode') === 'suggest' ? 'suggest' : 'auto',
        routingThreshold: num('routing_threshold', 0.75),
        routingRetrainEveryMinutes: num('routing_retrain_every_minutes', 60),
        sweepIntervalS: num('sweep_interval_s', 60),
        accountability: {
          minDispatchAccuracy: num('accountability_min_dispatch_accuracy', 0.98),
          minOnTimeSignRate: num('accountability_min_on_time_sign_rate', 0.95),
          minOnTimeCompletionRate: num('accountability_min_on_time_completion_rate', 0.9),
          minSatisfactionRate: num('accountability_min_satisfaction_rate', 0.98),
          maxSupervisions: num('accountability_max_supervisions', 5),
        },
        deliveryMaxAttempts: num('delivery_max_attempts', 8),
      },
    };
  }

  private current(): Promise<Snapshot> {
    return this.snapshot.get();
  }

  async calendar(): Promise<WorkCalendar> {
    return (await this.current()).calendar;
  }

  async settings(): Promise<HotlineSettings> {
    return (await this.current()).settings;
  }

  async signDeadline(start: Date, kind: RequestKind, priority: Priority): Promise<Date> {
    const snap = await this.current();
    return deadlineFor(start, resolveTimeLimit(snap.policies, 'sign', kind, priority), snap.calendar);
  }

  async completionDeadline(start: Date, kind: RequestKind, priority: Priority): Promise<Date> {
    const snap = await this.current();
    return deadlineFor(start, resolveTimeLimit(snap.policies, 'complete', kind, priority), snap.calendar);
  }

  async addWorkingDays(start: Date, days: number): Promise<Date> {
    return addWorkingDays(start, days, (await this.current()).calendar);
  }

  async listDays(year: number): Promise<CalendarDayView[]> {
    return this.ds.query(
      `SELECT to_char(date, 'YYYY-MM-DD') AS date, kind, name FROM calendar_days WHERE date >= make_date($1, 1, 1) AND date < make_date($1 + 1, 1, 1) ORDER BY date`,
      [year],
    );
  }
}
