import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import {
  checkScheduleDates,
  loadSchedules,
  ScheduleFileError,
  schedulesPath,
} from '../../../src/announce/index.js';
import { DATES, tempDir } from '../../support/announce-helpers.js';

const temp = tempDir();
afterAll(() => temp.cleanup());

function loadText(text: string) {
  const file = path.join(temp.dir, `s-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, text);
  return { file, load: () => loadSchedules(file) };
}

function problemsOf(fn: () => unknown): { file: string; problems: string[] } {
  try {
    fn();
  } catch (err) {
    if (err instanceof ScheduleFileError) return { file: err.file, problems: err.problems };
    throw err;
  }
  throw new Error('expected a ScheduleFileError');
}

describe('knowledge/schedules.yaml', () => {
  test('the shipped file loads, with the default countdown and monthly reminder', () => {
    const schedules = loadSchedules(schedulesPath());
    const def = schedules.get('default');
    expect(def).toMatchObject({
      date: 'start',
      at: { hour: 9, minute: 0 },
      daysBefore: [30, 14, 7, 3, 1],
      onTheDay: true,
      after: { cron: '0 9 * * MON#1' },
      graceHours: 12,
    });
    expect(schedules.has('light')).toBe(true);
    expect(() => checkScheduleDates(schedules, DATES, 'schedules.yaml')).not.toThrow();
  });
});

describe('invalid schedule files', () => {
  test('a bad time of day names the file, the schedule and the field', () => {
    const { file, load } = loadText('default:\n  description: x\n  at: "9am"\n');
    const err = problemsOf(load);
    expect(err.file).toBe(file);
    expect(err.problems.join('\n')).toContain('default.at must be a 24-hour time');
  });

  test('a bad cron pattern and an unknown field are both reported', () => {
    const { load } = loadText(
      'default:\n  description: x\n  at: "09:00"\n  after: { cron: "0 9 * * FUNDAY" }\n  colour: blue\n',
    );
    const text = problemsOf(load).problems.join('\n');
    expect(text).toContain('default.after.cron is not a valid cron pattern');
    expect(text).toMatch(/colour/);
  });

  test('a six-field cron pattern (with seconds) is refused', () => {
    const { load } = loadText(
      'default:\n  description: x\n  at: "09:00"\n  after: { cron: "0 0 9 * * 1" }\n',
    );
    expect(problemsOf(load).problems.join('\n')).toContain('must be a 5-field cron pattern');
  });

  test('a file without a default schedule is refused', () => {
    const { load } = loadText('light:\n  description: x\n  at: "09:00"\n');
    expect(problemsOf(load).problems.join('\n')).toContain('must define a `default` schedule');
  });

  test('YAML syntax errors and missing files name the file', () => {
    expect(problemsOf(loadText('default: [unclosed').load).problems[0]).toContain('is not valid YAML');
    const missing = path.join(temp.dir, 'nope.yaml');
    expect(problemsOf(() => loadSchedules(missing))).toMatchObject({ file: missing });
  });

  test('a schedule counting to a date the knowledge base lacks is caught when both are known', () => {
    const { load } = loadText('default:\n  description: x\n  date: launch\n  at: "09:00"\n');
    const err = problemsOf(() => checkScheduleDates(load(), DATES, 'f.yaml'));
    expect(err.problems[0]).toContain('default.date names "launch"');
  });
});
