// Rendering: every reply the knowledge base can produce fits Discord's limits, and the parts of a reply
// land where readers expect them.
import { describe, expect, it } from 'vitest';
import { parseAnswerButtonId } from '../../../adapters/discord/custom-ids.js';
import { renderNotice, renderReply } from '../../../adapters/discord/render.js';
import { createBot, loadKnowledge, ManualClock } from '../../../src/core/index.js';
import type { Reply } from '../../../src/core/reply.js';
import { limitProblems } from '../../support/discord/discord-limits.js';
import { ENGLISH_REPLY } from '../../support/reply-labels.js';

const knowledge = loadKnowledge();

describe('Discord rendering of the knowledge base', () => {
  const probe = createBot({ knowledge });
  const start = probe.dates().start;
  if (!start) throw new Error('the knowledge base defines no start date');
  // Before the start date, on it, and long after: time-aware answers change wording with the clock.
  const moments = [
    new Date(start.getTime() - 30 * 86_400_000),
    start,
    new Date(start.getTime() + 400 * 86_400_000),
  ];

  for (const now of moments) {
    const bot = createBot({ knowledge, clock: new ManualClock(now) });
    it(`renders every entry within Discord's limits as of ${now.toISOString().slice(0, 10)}`, () => {
      expect(knowledge.entries.length).toBeGreaterThan(0);
      for (const entry of knowledge.entries) {
        const reply = bot.answer(entry.id);
        expect(reply, entry.id).toBeDefined();
        if (reply) expect(limitProblems(renderReply(reply)), entry.id).toEqual([]);
      }
      for (const reply of [bot.optOut(), bot.help(), bot.ask('zzqx vrrp'), bot.ask('data')]) {
        expect(limitProblems(renderReply(reply)), reply.title).toEqual([]);
      }
      expect(limitProblems(renderReply(bot.deadline(), { relativeDates: true }))).toEqual([]);
    });
  }

  it('shows numbered steps, link buttons and follow-up buttons for the opt-out answer', () => {
    const reply = probe.optOut();
    const payload = renderReply(reply);
    const description = payload.embeds[0]?.description ?? '';
    reply.steps.forEach((_, i) => {
      expect(description).toContain(`${i + 1}. `);
    });
    const buttons = payload.components.flatMap((r) => r.components);
    const urls = buttons.flatMap((b) => ('url' in b ? [b.url] : []));
    expect(urls).toEqual(reply.links.map((l) => l.url));
    const answered = buttons.flatMap((b) => ('custom_id' in b ? [parseAnswerButtonId(b.custom_id)?.id] : []));
    expect(answered).toEqual(reply.followUps.map((f) => f.id));
    expect(payload.embeds[0]?.footer?.text).toContain(reply.sources[0]?.title ?? 'no source');
  });
});

function reply(overrides: Partial<Reply>): Reply {
  return {
    ...ENGLISH_REPLY,
    status: 'answered',
    id: 'x',
    confidence: 1,
    title: 'A title',
    text: 'Text',
    steps: [],
    links: [],
    followUps: [],
    sources: [],
    dates: [],
    ...overrides,
  };
}

describe('Discord rendering limits', () => {
  const date = { iso: '2025-11-03T00:00:00.000Z', unix: 1762128000, fallback: '3 November 2025' };

  it('cuts an oversized reply to fit every limit', () => {
    const huge = reply({
      title: 'T'.repeat(400),
      text: `${'word '.repeat(2000)}{date:0}`,
      steps: Array.from({ length: 30 }, (_, i) => `Step ${i} ${'x'.repeat(300)}`),
      links: Array.from({ length: 12 }, (_, i) => ({
        label: 'L'.repeat(120),
        url: `https://example.com/${i}`,
      })),
      followUps: Array.from({ length: 30 }, (_, i) => ({ id: `entry-${i}`, question: 'Q'.repeat(150) })),
      sources: Array.from({ length: 40 }, (_, i) => ({
        id: `s${i}`,
        title: 'S'.repeat(100),
        checked: '2025-11-20',
      })),
      dates: [date],
    });
    const payload = renderReply(huge, { relativeDates: true });
    expect(limitProblems(payload)).toEqual([]);
    expect(payload.components).toHaveLength(5);
    expect(payload.embeds[0]?.description?.endsWith('…')).toBe(true);
  });

  it('offers each follow-up once even if the core repeats it', () => {
    const payload = renderReply(
      reply({
        followUps: [
          { id: 'a', question: 'A?' },
          { id: 'a', question: 'A again?' },
          { id: 'b', question: 'B?' },
        ],
      }),
    );
    expect(limitProblems(payload)).toEqual([]);
    expect(payload.components.flatMap((r) => r.components)).toHaveLength(2);
  });

  it('renders dates as Discord timestamps in text and as plain dates in the title', () => {
    const payload = renderReply(reply({ title: 'Starts {date:0}', text: 'On {date:0}.', dates: [date] }));
    expect(payload.embeds[0]?.title).toBe('Starts 3 November 2025');
    expect(payload.embeds[0]?.description).toBe('On <t:1762128000:D>.');
    expect(payload.embeds[0]?.fields).toBeUndefined();
  });

  it('adds a live countdown field for each date when asked', () => {
    const payload = renderReply(reply({ text: 'On {date:0}.', dates: [date] }), { relativeDates: true });
    expect(payload.embeds[0]?.fields).toEqual([
      { name: 'When', value: '<t:1762128000:D> · <t:1762128000:R>', inline: true },
    ]);
  });

  it('never lets text ping anyone, whatever it contains', () => {
    const payload = renderReply(reply({ text: '@everyone <@123456789012345678> <@&123456789012345678>' }));
    expect(payload.allowedMentions).toEqual({ parse: [] });
    expect(renderNotice('@here'.repeat(1000))).toMatchObject({ allowedMentions: { parse: [] } });
    expect(limitProblems(renderNotice('@here'.repeat(1000)))).toEqual([]);
  });

  it('drops link buttons whose address Discord would reject', () => {
    const payload = renderReply(
      reply({
        links: [
          { label: 'fine', url: 'https://example.com' },
          { label: 'not a web link', url: 'javascript:alert(1)' },
          { label: 'too long', url: `https://example.com/${'a'.repeat(600)}` },
        ],
      }),
    );
    const labels = payload.components.flatMap((r) =>
      r.components.map((b) => ('label' in b ? b.label : undefined)),
    );
    expect(labels).toEqual(['fine']);
  });
});

describe('Discord rendering of two-part replies', () => {
  const bot = createBot({ knowledge, clock: new ManualClock('2026-12-01T12:00:00Z') });
  const replies = knowledge.entries.flatMap((e) => bot.answer(e.id) ?? []);
  // The two longest answers together: the worst case for the 6,000-character embed total.
  const [a, b] = [...replies].sort((x, y) => y.text.length - x.text.length);

  it('answers both parts within the limits, each under its own title, no link button repeated', () => {
    if (!a || !b) throw new Error('knowledge base too small');
    const payload = renderReply({ ...a, also: [b] });
    expect(limitProblems(payload)).toEqual([]);
    expect(payload.embeds.map((e) => e.title)).toEqual([a.title, b.title]);
    const urls = payload.components.flatMap((r) => r.components.flatMap((c) => ('url' in c ? [c.url] : [])));
    expect(new Set(urls).size).toBe(urls.length);
  });

  it('a two-part question asked in chat comes back with both answers', () => {
    const reply = bot.ask('are my CV and my InMail messages used?');
    const payload = renderReply(reply);
    expect([reply.id, ...(reply.also ?? []).map((p) => p.id)].sort()).toEqual([
      'private-messages',
      'resumes-applications',
    ]);
    expect(payload.embeds).toHaveLength(2);
    expect(limitProblems(payload)).toEqual([]);
  });
});
