// The Discord poster (createDiscordPoster on discord.js REST) against FakeDiscord keeps the Poster
// contract. What only Discord does (global limits, nonces, the whole path through /announce) is in
// announce-poster.test.ts.
import { createDiscordPoster } from '../../../adapters/discord/announce-poster.js';
import { createMemoryLogger } from '../../../src/core/log.js';
import { type PlatformAnswer, posterContract } from '../../support/contracts/poster-contract.js';
import { discordConfig } from '../../support/discord/announce-fixtures.js';
import {
  discordError,
  FakeDiscord,
  rateLimited,
  type ScriptedAnswer,
} from '../../support/discord/fake-discord.js';

const GONE: Record<string, ScriptedAnswer> = { deleted: discordError(404, 10003, 'Unknown Channel') };
const FORBIDDEN: Record<string, ScriptedAnswer> = {
  'the bot cannot see the channel': discordError(403, 50001, 'Missing Access'),
  'the bot may not send messages': discordError(403, 50013, 'Missing Permissions'),
};

function pick(table: Record<string, ScriptedAnswer>, situation: string): ScriptedAnswer {
  const answer = table[situation];
  if (!answer) throw new Error(`no Discord answer for "${situation}"`);
  return answer;
}

/** Discord's answer to Create Message in each situation. */
function scripted(answer: PlatformAnswer): ScriptedAnswer {
  switch (answer.kind) {
    case 'rate-limited':
      return rateLimited(answer.retryAfterMs / 1000);
    case 'server-error':
      return { status: answer.status, body: { message: 'upstream', code: 0 } };
    case 'gone':
      return pick(GONE, answer.situation);
    case 'forbidden':
      return pick(FORBIDDEN, answer.situation);
    case 'lands-late':
      return { status: 200, delayMs: answer.delayMs };
  }
}

posterContract('Discord', {
  goneSituations: Object.keys(GONE),
  forbiddenSituations: Object.keys(FORBIDDEN),
  settlesBy: 'repeat-dropped',
  async start() {
    const fake = await FakeDiscord.start();
    const poster = createDiscordPoster({
      config: discordConfig(fake),
      logger: createMemoryLogger(),
      timeoutMs: 300,
    });
    const channel = fake.channelId;
    return {
      poster,
      target: { platform: 'discord', workspaceId: fake.guildId, channelId: channel },
      answerNextPost: (answer) =>
        fake.messageScripts.set(channel, [...(fake.messageScripts.get(channel) ?? []), scripted(answer)]),
      messagesWith: (key) =>
        fake.messages.filter((m) => m.channelId === channel && m.nonce === key).map((m) => m.id),
      postRequests: () =>
        fake.calls.filter((c) => c.method === 'POST' && c.path === `/channels/${channel}/messages`).length,
      async close() {
        poster.destroy();
        await fake.close();
      },
    };
  },
});
