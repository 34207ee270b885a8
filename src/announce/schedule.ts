// Named schedules are data (knowledge/schedules.yaml), validated once at load so a curator's typo names the
// file and the field instead of becoming a silent missed announcement.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Cron } from 'croner';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { CodedError, defaultKnowledgeDir } from '../core/index.js';

const errorMessage = (err: unknown) => (err instanceof Error ? err.message : String(err));

const name = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case (a-z, 0-9, -)');
const timeOfDay = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time like "09:00"')
  .transform((v) => ({ hour: Number(v.slice(0, 2)), minute: Number(v.slice(3, 5)) }));

const cronPattern = z.string().superRefine((pattern, ctx) => {
  // Five fields only: occurrences are identified to the minute, and seconds would only invite floods.
  if (pattern.trim().split(/\s+/).length !== 5) {
    ctx.addIssue({
      code: 'custom',
      message: 'must be a 5-field cron pattern (minute hour day month weekday)',
    });
    return;
  }
  try {
    new Cron(pattern, { paused: true, timezone: 'UTC' });
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `is not a valid cron pattern: ${errorMessage(err)}` });
  }
});

export const scheduleSchema = z.strictObject({
  /** Shown by `status` and `preview`. */
  description: z.string().trim().min(1, 'must not be empty'),
  /** The policy date (from the knowledge base's facts) the milestones count down to. */
  date: name.default('start'),
  /** Local time of day for the milestones, in the channel's time zone. */
  at: timeOfDay,
  /** Countdown milestones: announce this many calendar days before the date. */
  daysBefore: z
    .array(z.number().int().min(1).max(366))
    .default([])
    .refine((d) => new Set(d).size === d.length, 'must not repeat a day'),
  /** Announce on the date itself, at `at`. */
  onTheDay: z.boolean().default(true),
  /** Recurring reminders from the day after the date, read in the channel's time zone. */
  after: z
    .strictObject({
      cron: cronPattern,
      /** Stop this many days after the date; absent means for as long as the subscription lasts. */
      forDays: z.number().int().min(1).optional(),
    })
    .optional(),
  /** After downtime, a missed announcement is still posted if it is at most this old (only the latest one). */
  graceHours: z.number().positive().max(72).default(12),
});

export const schedulesFileSchema = z
  .record(name, scheduleSchema)
  .refine((s) => 'default' in s, { message: 'must define a `default` schedule' });

export type ScheduleInput = z.input<typeof scheduleSchema>;
export interface Schedule extends z.infer<typeof scheduleSchema> {
  name: string;
}
export type Schedules = ReadonlyMap<string, Schedule>;

export class ScheduleFileError extends CodedError {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super('schedule_invalid', `Invalid schedules in ${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Validate parsed schedule data; `file` names the source in errors. */
export function parseSchedules(data: unknown, file: string): Schedules {
  const parsed = schedulesFileSchema.safeParse(data ?? {});
  if (!parsed.success) {
    throw new ScheduleFileError(
      file,
      parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(top level)'} ${i.message}`),
    );
  }
  return new Map(Object.entries(parsed.data).map(([key, s]) => [key, { ...s, name: key }]));
}

/** The schedules file: `<knowledge dir>/schedules.yaml`, the knowledge dir defaulting to ./knowledge. */
export function schedulesPath(knowledgeDir?: string): string {
  // The same default folder as loadKnowledge, so schedules and entries always come from one place.
  return path.resolve(knowledgeDir ?? defaultKnowledgeDir(), 'schedules.yaml');
}

/** Read and validate the schedules file; errors name the file and the field. */
export function loadSchedules(file: string = schedulesPath()): Schedules {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ScheduleFileError(file, [`cannot be read: ${errorMessage(err)}`]);
  }
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (err) {
    throw new ScheduleFileError(file, [`is not valid YAML: ${errorMessage(err)}`]);
  }
  return parseSchedules(data, file);
}

/** Check every schedule's date exists among the policy dates (done once at start, when both are known). */
export function checkScheduleDates(schedules: Schedules, dates: Record<string, Date>, file: string): void {
  const problems = [...schedules.values()]
    .filter((s) => !(s.date in dates))
    .map(
      (s) =>
        `${s.name}.date names "${s.date}", which is not a policy date (known: ${Object.keys(dates).join(', ')})`,
    );
  if (problems.length > 0) throw new ScheduleFileError(file, problems);
}
