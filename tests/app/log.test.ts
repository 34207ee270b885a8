import { describe, expect, it } from 'vitest';
import { loadConfig, secretsOf } from '../../app/config.js';
import { createLogger, createMemoryLogger, redact } from '../../src/core/log.js';

describe('logger', () => {
  it("redacts every registered platform's tokens in messages, fields and errors", () => {
    const log = createMemoryLogger(secretsOf());
    const discord = `${'M'.repeat(24)}.${'a'.repeat(6)}.${'b'.repeat(38)}`;
    log.error('failed with xoxb-123-456-abc', {
      err: new Error(`bad token ${discord}`),
      app: 'xapp-1-A1-xyz',
    });
    const line = JSON.stringify(log.lines);
    expect(line).not.toContain('xoxb-123');
    expect(line).not.toContain(discord);
    expect(line).not.toContain('xapp-1');
    expect(line).toContain('[redacted]');
  });
  it('redacts bearer credentials with no platform patterns at all', () => {
    expect(redact(`Authorization: Bearer ${'z'.repeat(30)}`)).toBe('Authorization: [redacted]');
  });
  it('leaves ordinary text alone', () => {
    expect(redact('channel C123 answered private-messages')).toBe('channel C123 answered private-messages');
  });
});

describe('log formats', () => {
  it('pretty prints one readable line per event, redacted like JSON', () => {
    const lines: string[] = [];
    const log = createLogger('info', (l) => lines.push(l), secretsOf(), 'pretty');
    log.info('slack adapter started', { mode: 'http', port: 3000, reason: 'two words', token: 'xoxb-1-2-3' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^\d\d:\d\d:\d\d INFO {2}slack adapter started mode=http port=3000 reason="two words" token=\[redacted\]$/,
    );
  });

  it('LOG_FORMAT picks the format; auto is JSON when stderr is not a terminal', () => {
    expect(loadConfig({ LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
    expect(loadConfig({ LOG_FORMAT: 'json' }).logFormat).toBe('json');
    // Under the test runner stderr is a pipe, as it is under systemd or a container's log driver.
    expect(loadConfig({}).logFormat).toBe(process.stderr.isTTY ? 'pretty' : 'json');
    expect(() => loadConfig({ LOG_FORMAT: 'fancy' })).toThrow(/LOG_FORMAT/);
  });
});
