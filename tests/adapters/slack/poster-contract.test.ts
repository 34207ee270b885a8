// The Slack poster (createSlackPoster on Slack's Web API client) against FakeSlack keeps the Poster
// contract. What only Slack does (its error codes, metadata, history paging) is in announce-poster.test.ts.
import { createSlackPoster } from '../../../adapters/slack/announce-poster.js';
import { createMemoryLogger } from '../../../src/core/log.js';
import { type PlatformAnswer, posterContract } from '../../support/contracts/poster-contract.js';
import { FakeSlack, type Scripted } from '../../support/slack/fake-slack.js';
import { BOT_TOKEN } from '../../support/slack/harness.js';

const CHANNEL = 'C0CONTRACT';

const GONE: Record<string, string> = { deleted: 'channel_not_found', archived: 'is_archived' };
const FORBIDDEN: Record<string, string> = {
  'the bot is not a member': 'not_in_channel',
  'posting is restricted to admins': 'restricted_action',
};

function slackError(table: Record<string, string>, situation: string): Scripted {
  const error = table[situation];
  if (!error) throw new Error(`no Slack answer for "${situation}"`);
  return { body: { ok: false, error } };
}

/** Slack's answer to chat.postMessage in each situation. */
function scripted(answer: PlatformAnswer): Scripted {
  switch (answer.kind) {
    case 'rate-limited':
      if (answer.retryAfterMs % 1000 !== 0) throw new Error('Slack gives Retry-After in whole seconds');
      return {
        status: 429,
        headers: { 'retry-after': String(answer.retryAfterMs / 1000) },
        body: { ok: false, error: 'ratelimited' },
      };
    case 'server-error':
      return { status: answer.status };
    case 'gone':
      return slackError(GONE, answer.situation);
    case 'forbidden':
      return slackError(FORBIDDEN, answer.situation);
    case 'lands-late':
      return { land: true, delayMs: answer.delayMs };
  }
}

posterContract('Slack', {
  goneSituations: Object.keys(GONE),
  forbiddenSituations: Object.keys(FORBIDDEN),
  settlesBy: 'lookup',
  async start() {
    const fake = await FakeSlack.start();
    const poster = createSlackPoster({
      config: { botToken: BOT_TOKEN, apiUrl: fake.apiUrl },
      logger: createMemoryLogger(),
      timeoutMs: 300,
    });
    return {
      poster,
      target: { platform: 'slack', workspaceId: 'T0000001', channelId: CHANNEL },
      answerNextPost: (answer) => fake.script('chat.postMessage', CHANNEL, scripted(answer)),
      messagesWith: (key) =>
        fake
          .announcementsIn(CHANNEL)
          .filter((m) => m.metadata?.event_payload.key === key)
          .map((m) => m.ts),
      postRequests: () => fake.callsTo('chat.postMessage').filter((c) => c.args.channel === CHANNEL).length,
      close: () => fake.close(),
    };
  },
});
