// Every entry's answer with its 👍 / 👎 buttons still fits each platform's limits, checked by the
// independent limit checkers in tests/support (not the renderers' own constants).
import { describe, expect, it } from 'vitest';
import { parseVoteButtonId } from '../../adapters/discord/custom-ids.js';
import { renderAnswer } from '../../adapters/discord/render.js';
import { createErrorSink, createGate } from '../../adapters/kit/index.js';
import { answerMessage } from '../../adapters/slack/reply-message.js';
import { createBot, loadKnowledge, ManualClock, silentLogger } from '../../src/core/index.js';
import { createInsights, MemoryInsightsStore } from '../../src/insights/index.js';
import { limitProblems } from '../support/discord/discord-limits.js';
import { slackLimitProblems } from '../support/slack/slack-limits.js';

const knowledge = loadKnowledge();
const clock = new ManualClock('2025-10-20T12:00:00Z');
const bot = createBot({ knowledge, clock });
const insights = createInsights({
  store: new MemoryInsightsStore(),
  clock,
  secret: 'limits',
  unanswered: false,
});
const { feedback } = createGate({
  platform: 'test',
  bot,
  logger: silentLogger,
  clock,
  sink: createErrorSink('test', silentLogger),
  insights,
});

describe('vote buttons on every answer', () => {
  it('every answered entry gets a tag; small talk, help, suggestions and the fallback do not', () => {
    for (const entry of knowledge.entries.filter((e) => e.kind === 'answer')) {
      const reply = bot.answer(entry.id);
      expect(reply && feedback.tag(reply), entry.id).toMatchObject({ entry: entry.id });
    }
    for (const reply of [bot.help(), bot.ask('hello'), bot.ask('privacy'), bot.ask('zzqx vrrp')])
      expect(feedback.tag(reply), reply.title).toBeUndefined();
  });

  it('Discord: within the limits, custom ids under 100 characters, the vote row last', () => {
    for (const entry of knowledge.entries) {
      const reply = bot.answer(entry.id);
      const tag = reply && feedback.tag(reply);
      if (!reply || !tag) continue;
      const payload = renderAnswer(reply, tag);
      expect(limitProblems(payload), entry.id).toEqual([]);
      const last = payload.components.at(-1)?.components ?? [];
      expect(last.map((b) => ('custom_id' in b ? parseVoteButtonId(b.custom_id)?.tag : undefined))).toEqual([
        tag,
        tag,
      ]);
    }
  });

  it('Slack: within the limits, private, shared and in a thread', () => {
    for (const entry of knowledge.entries) {
      const reply = bot.answer(entry.id);
      const vote = reply && feedback.tag(reply);
      if (!reply || !vote) continue;
      const asked = { kind: 'entry' as const, id: entry.id };
      for (const dressing of [{ ephemeral: true, vote }, { sharedBy: 'UASKER001', vote }, { vote }])
        expect(slackLimitProblems(answerMessage(bot, asked, reply, dressing)), entry.id).toEqual([]);
    }
  });
});
