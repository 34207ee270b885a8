// Runs the compiled `ask` entry point as scripts would (the global setup builds dist/).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function ask(args: string[], input?: string) {
  const r = spawnSync(process.execPath, ['dist/app/ask.js', ...args], {
    input,
    encoding: 'utf8',
    timeout: 15_000,
    env: { ...process.env, SLACK_BOT_TOKEN: '', DISCORD_TOKEN: '' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('npm run ask', () => {
  it('prints a plain-text answer with the steps and the direct link', () => {
    const r = ask(['how', 'do', 'I', 'turn', 'this', 'off?']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement');
    expect(r.out).toMatch(/^1\. /m);
  });

  it('--json prints one object with status, id, confidence and text', () => {
    const r = ask(['--json', 'are my private messages used?']);
    expect(r.code).toBe(0);
    const obj = JSON.parse(r.out);
    expect(obj).toMatchObject({
      question: 'are my private messages used?',
      status: 'answered',
      id: 'private-messages',
    });
    expect(obj.confidence).toBeGreaterThan(0);
    expect(obj.confidence).toBeLessThanOrEqual(1);
    expect(typeof obj.text).toBe('string');
  });

  it('--jsonl answers one question per line, in order', () => {
    const r = ask(['--jsonl'], 'are DMs used\nwhat is the weather in Paris\n\nhow do I opt out\n');
    expect(r.code).toBe(0);
    const lines = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.question)).toEqual([
      'are DMs used',
      'what is the weather in Paris',
      '',
      'how do I opt out',
    ]);
    expect(lines[0].id).toBe('private-messages');
    expect(lines[1].status).not.toBe('answered');
    expect(lines[3].id).toBe('how-to-opt-out');
    for (const l of lines)
      expect(Object.keys(l).sort()).toEqual(['confidence', 'id', 'question', 'status', 'text']);
  });

  it('--now answers as of that moment: a week before the start the countdown says 7 days', () => {
    const r = ask(['--now', '2025-10-27', 'when is the deadline to opt out?']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/in 7 days/);
  });

  it.each([
    [['--now', 'yesterday', 'q'], /--now needs an ISO-8601/],
    [['--now', '2025-13-45', 'q'], /not a real date/],
    [['--frobnicate', 'q'], /unknown flag --frobnicate/],
    [[], /no question given/],
    [['--json', '--jsonl'], /only one of/],
  ])('a bad flag or date (%j) is a clear error and exit code 2', (args, message) => {
    const r = ask(args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.out).toBe('');
  });
});
