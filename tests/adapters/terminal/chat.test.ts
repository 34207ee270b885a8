import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runChat } from '../../../adapters/terminal/adapter.js';
import { interpret } from '../../../adapters/terminal/chat.js';
import { en, say } from '../../../adapters/terminal/messages.js';
import { createBot } from '../../../src/core/bot.js';
import { ManualClock } from '../../../src/core/clock.js';
import { loadKnowledge } from '../../../src/core/knowledge/load.js';
import { converse, fixtureReply, testBot } from './streams.js';

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

describe('terminal chat: numbers', () => {
  const bot = testBot();

  it('a number out of range says so, and is not asked as a question', async () => {
    const c = converse();
    const reply = bot.ask('are my DMs used?');
    expect(reply.followUps).toHaveLength(3);
    await c.type('are my DMs used?\n');
    const seen = await c.type('7\n');
    expect(seen).toBe('\nThere is no suggestion 7: pick 1 to 3, or type a question.\n\n');
    // The last reply is still the one a number picks from.
    const picked = await c.type('[2]\n');
    expect(picked).toContain(bot.answer(reply.followUps[1]?.id ?? '')?.title);
    await c.end();
  });

  it('a number before any reply says there is nothing to pick yet', async () => {
    const c = converse();
    expect(await c.type('1\n')).toBe('\nThere is nothing to pick yet: ask a question first.\n\n');
    await c.end();
  });
});

describe('interpret', () => {
  const one = fixtureReply({ followUps: [{ id: 'only', question: 'The only one?' }] });

  it('picks a follow-up by its number, bare or in brackets, in the language of the answer that offered it', () => {
    expect(interpret('1', one)).toEqual({ kind: 'ask', ref: { kind: 'entry', id: 'only', language: 'en' } });
    expect(interpret(' [1] ', one)).toEqual({
      kind: 'ask',
      ref: { kind: 'entry', id: 'only', language: 'en' },
    });
    expect(interpret('1', { ...one, language: 'de' })).toEqual({
      kind: 'ask',
      ref: { kind: 'entry', id: 'only', language: 'de' },
    });
  });

  it('out of range of a single follow-up, it says "pick 1"; 0 is out of range too', () => {
    const notice = { kind: 'notice', text: 'There is no suggestion 2: pick 1, or type a question.' };
    expect(interpret('2', one)).toEqual(notice);
    expect(interpret('0', one)).toEqual({ ...notice, text: notice.text.replace('2', '0') });
  });

  it('a number after a reply with no follow-ups says there is nothing to pick from it', () => {
    expect(interpret('1', fixtureReply())).toEqual({
      kind: 'notice',
      text: 'The last answer has no suggestions to pick from: type a question.',
    });
  });

  it('knows quit, more and help, and asks anything else (a long number is a question)', () => {
    for (const word of ['quit', 'EXIT', 'bye', 'q']) expect(interpret(word, one).kind).toBe('quit');
    expect(interpret('More', one)).toEqual({ kind: 'more' });
    expect(interpret('help', undefined)).toEqual({ kind: 'ask', ref: { kind: 'help' } });
    expect(interpret('2025', one)).toEqual({ kind: 'ask', ref: { kind: 'ask', question: '2025' } });
  });
});

describe('say', () => {
  it('fills every slot of a message from the catalog', () => {
    expect(say('pick.out-of-range', { n: 7, max: 3 })).toBe(
      'There is no suggestion 7: pick 1 to 3, or type a question.',
    );
    expect(say('more.follow-ups', { count: 2 })).toBe("  …and 2 more: type 'more'");
    expect(say('chat.bye')).toBe('Bye.');
    for (const text of Object.values(en)) expect(text.length).toBeGreaterThan(0);
  });
});
