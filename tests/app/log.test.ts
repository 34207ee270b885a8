import { describe, expect, it } from 'vitest';
import { registry } from '../../app/registry.js';
import { createMemoryLogger, redact } from '../../src/core/log.js';

describe('logger', () => {
  it("redacts every registered platform's tokens in messages, fields and errors", () => {
    const log = createMemoryLogger(registry.flatMap((a) => [...a.secrets]));
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
