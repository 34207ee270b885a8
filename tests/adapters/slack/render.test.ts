// Block Kit rendering against Slack's limits: every entry of the real knowledge base, dressed as it is
// sent (shareable and shared), and deliberately oversized replies.
import { describe, expect, it } from 'vitest';
import { routeQuestion } from '../../../adapters/kit/index.js';
import { commandList } from '../../../adapters/slack/commands.js';
import { renderReply, SLACK_LIMITS, type SlackMessage, section } from '../../../adapters/slack/render.js';
import { answerMessage } from '../../../adapters/slack/reply-message.js';
import { ManualClock } from '../../../src/core/clock.js';
import { loadKnowledge } from '../../../src/core/index.js';
import type { Reply } from '../../../src/core/reply.js';
import { ENGLISH_REPLY } from '../../support/reply-labels.js';
import { buttonsIn, NOW, realBot, textsIn } from '../../support/slack/harness.js';

type Json = Record<string, unknown>;

/** Every limit Slack enforces on what we send, checked independently of how the renderer sizes things. */
function expectWithinLimits(message: SlackMessage): void {
  const blocks = message.blocks as unknown as Json[];
  expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
  expect(message.text.length).toBeGreaterThan(0);
  expect(message.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
  // "Far below" the practical ceiling: room is left for Slack's own envelope.
  expect(JSON.stringify(message).length).toBeLessThan(SLACK_LIMITS.message * 0.85);
  const actionIds: string[] = [];
  for (const block of blocks) {
    if (block.type === 'section')
      expect((block.text as Json).text).toSatisfy((t: string) => t.length <= 3000 && t.length > 0);
    if (block.type === 'header')
      expect(((block.text as Json).text as string).length).toBeLessThanOrEqual(150);
    if (block.type === 'context') expect((block.elements as Json[]).length).toBeLessThanOrEqual(10);
    if (block.type === 'actions') expect((block.elements as Json[]).length).toBeLessThanOrEqual(25);
  }
  for (const b of buttonsIn(blocks)) {
    expect(b.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonText);
    expect((b.value ?? '').length).toBeLessThanOrEqual(SLACK_LIMITS.buttonValue);
    actionIds.push(b.action_id);
  }
  expect(new Set(actionIds).size).toBe(actionIds.length);
  for (const text of [message.text, ...textsIn(blocks)]) {
    // No core marker leaks, and every Slack token that opens also closes in the same text.
    expect(text).not.toMatch(/\{date:\d+\}/);
    expect(text.split('<').length).toBe(text.split('>').length);
  }
}

const clock = new ManualClock(NOW);
const bot = realBot(clock);
const knowledge = loadKnowledge();

describe('rendering the knowledge base', () => {
  const ids = knowledge.entries.map((e) => e.id);

  it('has entries to render', () => {
    expect(ids.length).toBeGreaterThan(10);
  });

  it.each(ids)('%s fits Slack’s limits as sent privately and as shared', (id) => {
    const reply = bot.answer(id);
    expect(reply).toBeDefined();
    const r = reply as Reply;
    const message = renderReply(r);
    expectWithinLimits(message);
    expectWithinLimits(answerMessage(bot, { kind: 'entry', id }, r, { ephemeral: true }));
    expectWithinLimits(answerMessage(bot, { kind: 'entry', id }, r, { sharedBy: 'UASKER001' }));
    expect(textsIn(message.blocks)).toContain(r.title);
    expect(buttonsIn(message.blocks).map((b) => b.url)).toEqual(
      expect.arrayContaining(r.links.map((l) => l.url)),
    );
  });

  it.each([
    ['the opt-out steps', () => bot.optOut()],
    ['the deadline before the start', () => bot.deadline()],
    ['help with the command list', () => bot.help()],
  ])('%s fits Slack’s limits', (_, reply) => {
    const extra = [section(commandList('/optout'))];
    expectWithinLimits(answerMessage(bot, routeQuestion('help'), reply(), { ephemeral: true, extra }));
  });

  it('renders dates as Slack date tokens with a readable fallback', () => {
    const reply = bot.deadline();
    expect(reply.dates.length).toBeGreaterThan(0);
    const date = reply.dates[0];
    const texts = textsIn(renderReply(reply).blocks).join('\n');
    expect(texts).toContain(`<!date^${date?.unix}^{date_long}|${date?.fallback.replace(/ /g, '\u00a0')}>`);
  });
});

function reply(overrides: Partial<Reply>): Reply {
  return {
    ...ENGLISH_REPLY,
    status: 'answered',
    id: 'x',
    confidence: 1,
    title: 'Title',
    text: 'Text.',
    steps: [],
    links: [],
    followUps: [],
    sources: [],
    dates: [],
    ...overrides,
  };
}

describe('rendering oversized and unusual replies', () => {
  const date = { iso: '2025-11-03T00:00:00Z', unix: 1_762_128_000, fallback: '3 November 2025' };
  const word = (i: number) => `word${i} {date:0}`;
  const huge = reply({
    title: 'T'.repeat(400),
    text: Array.from({ length: 40 }, (_, p) =>
      Array.from({ length: 120 }, (_, i) => word(p * 1000 + i)).join(' '),
    ).join('\n\n'),
    steps: Array.from({ length: 200 }, (_, i) => `Step ${i} ${'x'.repeat(100)}`),
    links: Array.from({ length: 30 }, (_, i) => ({
      label: `Link ${i} ${'L'.repeat(100)}`,
      url: `https://example.com/${i}`,
    })),
    followUps: Array.from({ length: 40 }, (_, i) => ({
      id: `e${i}`,
      question: `Question ${i}? ${'q'.repeat(100)}`,
    })),
    sources: Array.from({ length: 20 }, (_, i) => ({
      id: `s${i}`,
      title: `Source ${i}`,
      url: `https://s.example/${i}`,
      checked: '2025-11-01',
    })),
    dates: [date],
  });

  it('keeps a huge reply within every limit and says it was shortened', () => {
    const message = answerMessage(bot, routeQuestion('a long question'), huge, { ephemeral: true });
    expectWithinLimits(message);
    expect(textsIn(message.blocks).join('\n')).toContain('longer than fits here');
  });

  it('splits one paragraph longer than a section at word boundaries without breaking a date token', () => {
    const message = renderReply(
      reply({ text: Array.from({ length: 100 }, (_, i) => word(i)).join(' '), dates: [date] }),
    );
    const sections = (message.blocks as unknown as Json[]).filter((b) => b.type === 'section');
    expect(sections.length).toBeGreaterThan(1);
    expectWithinLimits(message);
    const texts = sections.map((s) => (s.text as Json).text as string).join('\n');
    const whole = /<!date\^1762128000\^\{date_long\}\|3\u00a0November\u00a02025>/g;
    expect(texts.match(whole)).toHaveLength(100);
    expect(texts.match(/<!date/g)).toHaveLength(100);
  });

  it('cuts an unbroken run longer than a section', () => {
    expectWithinLimits(renderReply(reply({ text: 'a'.repeat(7000) })));
  });

  it('turns core markdown into mrkdwn and escapes the core’s own text', () => {
    const message = renderReply(reply({ text: '**Bold** & <b>\n- first\n- second', steps: ['Do **this**'] }));
    const texts = textsIn(message.blocks);
    expect(texts).toContain('*Bold* &amp; &lt;b&gt;\n• first\n• second');
    expect(texts).toContain('1. Do *this*');
  });

  it('offers "did you mean" choices as buttons that carry the entry ids', () => {
    const choices = [
      { id: 'how-to-opt-out', question: 'How do I opt out?' },
      { id: 'deadline', question: 'When is the deadline?' },
    ];
    const message = renderReply(reply({ status: 'suggested', id: null, followUps: choices }));
    expect(textsIn(message.blocks)).toContain('Did you mean:');
    expect(buttonsIn(message.blocks).map((b) => b.value)).toEqual(choices.map((c) => c.id));
  });

  it('leaves out the header of a reply without a title', () => {
    const message = renderReply(reply({ title: '' }));
    expect((message.blocks as unknown as Json[]).some((b) => b.type === 'header')).toBe(false);
  });
});

describe('rendering two-part replies', () => {
  const replies = knowledge.entries.flatMap((e) => bot.answer(e.id) ?? []);
  const [a, b] = [...replies].sort((x, y) => y.text.length - x.text.length);

  it('puts the second answer under its own bold title, within the limits, links not repeated', () => {
    if (!a || !b) throw new Error('knowledge base too small');
    const message = renderReply({ ...a, also: [b] });
    expectWithinLimits(message);
    expect(textsIn(message.blocks as unknown as Json[]).join('\n')).toContain(`*${b.title}*`);
    const urls = buttonsIn(message.blocks as unknown as Json[]).flatMap((x) => (x.url ? [x.url] : []));
    expect(new Set(urls).size).toBe(urls.length);
  });
});
