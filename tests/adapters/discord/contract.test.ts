// Discord through the adapter contract: the real PlatformAdapter started as the app starts it, a real
// discord.js client on the loopback gateway stand-in, /ask and button clicks as interactions.
import { parseAnswerButtonId } from '../../../adapters/discord/custom-ids.js';
import { discordPlatform } from '../../../adapters/discord/index.js';
import { bind } from '../../../adapters/kit/index.js';
import {
  adapterContract,
  contractContext,
  type SeenReply,
} from '../../support/contracts/adapter-contract.js';
import { limitProblems } from '../../support/discord/discord-limits.js';
import { FakeDiscord, fakeDiscordConfig } from '../../support/discord/fake-discord.js';
import { type CallbackBody, customIds, interact } from '../../support/discord/interaction-helpers.js';
import {
  buttonClick,
  chatInput,
  type FakeUser,
  messageFromBody,
  user,
} from '../../support/discord/payloads.js';

const STRING = 3;

function seen(body: CallbackBody): SeenReply {
  const data = body.data ?? {};
  const embeds = (data.embeds ?? []).flatMap((e) => [
    e.title ?? '',
    e.description ?? '',
    ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
    e.footer?.text ?? '',
  ]);
  const buttons = (data.components ?? []).flatMap((row) => row.components);
  return {
    text: [data.content ?? '', ...embeds, ...buttons.map((b) => b.label ?? '')].filter(Boolean).join('\n'),
    followUps: buttons
      .filter((b) => parseAnswerButtonId(b.custom_id ?? '') !== undefined)
      .map((b) => b.label ?? ''),
    raw: body,
  };
}

adapterContract({
  name: 'discord',
  manyUsers: true,
  mentions: true,
  async start({ bot, clock, cooldown }) {
    const fake = await FakeDiscord.start();
    const people = new Map<string, FakeUser>();
    const person = (name: string) => {
      const found = people.get(name) ?? user({ username: name });
      people.set(name, found);
      return found;
    };
    const platform = bind(discordPlatform(), fakeDiscordConfig(fake));
    const handle = await platform
      .start(contractContext('discord', { bot, clock, cooldown }))
      .catch(async (error: unknown) => {
        await fake.close();
        throw error;
      });
    return {
      async ask(question, name) {
        const options = [{ name: 'question', type: STRING, value: question.slice(0, 6000) }];
        return seen(await interact(fake, chatInput(fake, 'ask', options, { user: person(name) })));
      },
      async followUp(reply, index, name) {
        const body = reply.raw as CallbackBody;
        const id = customIds(body).filter((c) => parseAnswerButtonId(c) !== undefined)[index];
        if (!id) throw new Error(`no follow-up ${index}`);
        const message = messageFromBody(body.data, fake.channelId, fake.botUser);
        return seen(await interact(fake, buttonClick(fake, id, message, { user: person(name) })));
      },
      pings(reply) {
        const mentions = (reply.raw as CallbackBody).data?.allowed_mentions;
        return JSON.stringify(mentions) !== JSON.stringify({ parse: [] });
      },
      limitProblems: (reply) =>
        limitProblems({
          ...(reply.raw as CallbackBody).data,
          allowedMentions: (reply.raw as CallbackBody).data?.allowed_mentions,
        }),
      async stop() {
        await handle.stop();
        await fake.close();
      },
    };
  },
});
