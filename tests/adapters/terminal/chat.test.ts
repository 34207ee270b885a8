import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runChat } from '../../../adapters/terminal/chat.js';
import { createBot } from '../../../src/core/bot.js';
import { ManualClock } from '../../../src/core/clock.js';
import { loadKnowledge } from '../../../src/core/knowledge/load.js';

async function chat(lines: string[]): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let seen = '';
  output.on('data', (c: Buffer) => {
    seen += c.toString('utf8');
  });
  const bot = createBot({ knowledge: loadKnowledge(), clock: new ManualClock('2025-11-20T00:00:00Z') });
  const done = runChat(bot, { input, output });
  for (const l of lines) input.write(`${l}\n`);
  input.end();
  await done;
  return seen;
}

describe('terminal chat', () => {
  it('answers, then a number picks one of the numbered follow-ups', async () => {
    const out = await chat(['are my DMs used?', '1', 'quit']);
    expect(out).toMatch(/\[1\] /);
    const firstFollowUp = /\[1\] (.+)/.exec(out)?.[1];
    expect(firstFollowUp).toBeDefined();
    // The title of the picked entry appears after the second prompt.
    const afterPick = out.split('> ').at(-2) ?? '';
    expect(afterPick.length).toBeGreaterThan(20);
    expect(out).toContain('Bye.');
  });

  it('help lists what it can answer; quit ends the chat', async () => {
    const out = await chat(['help', 'quit', 'are dms used']);
    expect(out).toMatch(/What I can answer/);
    expect(out).not.toMatch(/InMail/);
  });
});
