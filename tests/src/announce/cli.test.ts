// Runs the compiled `announce` command as `npm run announce` does (the global setup builds dist/).
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { openSqliteStore } from '../../../src/announce/index.js';
import { tempDir } from '../../support/announce-helpers.js';

const temp = tempDir();
afterAll(() => temp.cleanup());

function announce(args: string[], databasePath = path.join(temp.dir, 'none.sqlite')) {
  const r = spawnSync(process.execPath, ['dist/app/announce-cli.js', ...args], {
    encoding: 'utf8',
    timeout: 15_000,
    env: { ...process.env, SLACK_BOT_TOKEN: '', DISCORD_TOKEN: '', DATABASE_PATH: databasePath },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('npm run announce -- preview', () => {
  test('lists the coming announcements at 09:00 local with the countdown text of each moment', () => {
    const r = announce(['preview', '--now', '2025-10-01', '--tz', 'Europe/Berlin', '--count', '6']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Schedule "default" in Europe/Berlin');
    expect(r.out).toContain(
      '1. Sat, 4 Oct 2025, 09:00 (Europe/Berlin) · 30 days before the start date · 2025-10-04T07:00:00.000Z',
    );
    expect(r.out).toContain(
      '3. Mon, 27 Oct 2025, 09:00 (Europe/Berlin) · 7 days before the start date · 2025-10-27T08:00:00.000Z',
    );
    expect(r.out).toContain('in 30 days');
    expect(r.out).toContain('tomorrow');
    expect(r.out).toMatch(/^6\. Mon, 3 Nov 2025, 09:00/m);
    expect(r.out).not.toMatch(/^7\. /m);
  });

  test('counts the channel’s own calendar days: 09:00 on 2 November in Auckland is "tomorrow"', () => {
    const r = announce([
      'preview',
      '--now',
      '2025-11-01T00:00:00Z',
      '--tz',
      'Pacific/Auckland',
      '--count',
      '2',
    ]);
    expect(r.code).toBe(0);
    const [first] = r.out.split(/^2\. /m);
    expect(first).toContain('1 day before the start date');
    expect(first).toContain('tomorrow');
  });

  test('the light schedule after the start date shows its quarterly reminders with time since', () => {
    const r = announce(['preview', '--now', '2025-11-04', '--schedule', 'light', '--count', '1']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Mon, 5 Jan 2026, 09:00 (UTC)');
    expect(r.out).toContain('2 months ago');
  });

  test('in a language: German texts for a German channel, the header naming it', () => {
    const r = announce(['preview', '--now', '2025-10-01', '--tz', 'Europe/Berlin', '--language', 'de']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Schedule "default" in Europe/Berlin, Deutsch (de), after');
    expect(r.out).toContain('in 30 Tagen');
    expect(r.out).not.toContain('in 30 days');
  });

  test.each([
    [['preview', '--language', 'klingon'], '--language: "klingon" is not a language the bot speaks (en, de,'],
    [['preview', '--tz', 'Mars/Olympus'], 'not an IANA time zone'],
    [['preview', '--schedule', 'hourly'], 'no schedule "hourly"; schedules: default, light'],
    [['preview', '--now', 'soon'], '--now needs an ISO-8601 date'],
    [['preview', '--count', '0'], '--count needs a whole number'],
    [['shout'], 'unknown command shout'],
    [[], 'no command given'],
  ])('a usage mistake (%j) exits 2 with the reason and the usage', (args, message) => {
    const r = announce(args);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.err).toContain('Usage: npm run announce');
  });
});

describe('npm run announce -- list', () => {
  test('lists each subscription with its language and state, a paused one with its reason, an active one with its next time', async () => {
    const db = path.join(temp.dir, 'list.sqlite');
    const store = openSqliteStore(db);
    const when = new Date('2025-10-01T00:00:00Z');
    await store.subscribe(
      {
        platform: 'slack',
        workspaceId: 'T1',
        channelId: 'C1',
        schedule: 'default',
        timeZone: 'Europe/Berlin',
        subscribedBy: 'U1',
      },
      when,
    );
    const gone = await store.subscribe(
      {
        platform: 'discord',
        workspaceId: 'G1',
        channelId: 'D1',
        schedule: 'light',
        timeZone: 'UTC',
        language: 'de',
        subscribedBy: 'U2',
      },
      when,
    );
    await store.pause(gone.id, 'channel not found: Unknown Channel', when);
    await store.close();
    const r = announce(['list'], db);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`${db}: 2 subscriptions`);
    expect(r.out).toMatch(
      /#1\s+slack\s+T1\/C1\s+default\s+Europe\/Berlin\s+en\s+active\s+(next .*\(Europe\/Berlin\)|no more announcements)/,
    );
    expect(r.out).toMatch(
      /#2\s+discord\s+G1\/D1\s+light\s+UTC\s+de\s+paused: channel not found: Unknown Channel/,
    );
  });

  test('with no database yet it says so and creates none', () => {
    const db = path.join(temp.dir, 'absent', 'bot.sqlite');
    const r = announce(['list'], db);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`No database at ${db} yet`);
    expect(existsSync(db)).toBe(false);
  });

  test('a corrupt database is an error naming the path', () => {
    const db = path.join(temp.dir, 'corrupt.sqlite');
    writeFileSync(db, 'not sqlite at all'.repeat(100));
    const r = announce(['list'], db);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`Cannot use the announcement database DATABASE_PATH=${db}`);
  });
});
