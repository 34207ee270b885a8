// The "Ask optout-bot" message command through a real discord.js Client on the loopback stand-in: an
// INTERACTION_CREATE of type 2 with data.type 3 and the selected message in data.resolved.messages, as
// Discord sends it, answered privately with the core's answer to that message's text, through the shared
// gate (cooldown, error isolation).
import { afterEach, describe, expect, it } from 'vitest';
import { ASK_MESSAGE_COMMAND } from '../../../adapters/discord/message-command.js';
import { COOLDOWN_NOTICE } from '../../../src/core/index.js';
import { type Harness, realBot, startHarness } from '../../support/discord/harness.js';
import { installedCommand, messageCommand } from '../../support/discord/install-payloads.js';
import { CALLBACK, EPHEMERAL, interact } from '../../support/discord/interaction-helpers.js';
import { user } from '../../support/discord/payloads.js';
import { ui } from '../../support/ui.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const QUESTION = 'Can LinkedIn use my private messages to train its AI?';

describe('the "Ask optout-bot" message command', () => {
  it("answers the selected message's text privately with the core's answer", async () => {
    h = await startHarness();
    const interaction = messageCommand(h.fake, { user: user(), content: QUESTION });
    expect(interaction).toMatchObject({ type: 2, data: { type: 3, name: ASK_MESSAGE_COMMAND } });
    const body = await interact(h.fake, interaction);
    expect(body.type).toBe(CALLBACK.reply);
    expect(body.data?.flags).toBe(EPHEMERAL);
    const expected = h.bot.ask(QUESTION);
    expect(body.data?.embeds?.[0]?.title).toBe(expected.title);
    expect(expected.status).toBe('answered');
    expect(body.data?.allowed_mentions).toEqual({ parse: [] });
    // Nothing in the channel: the answer is the interaction's.
    expect(h.fake.calls.filter((c) => c.path.startsWith('/channels/'))).toEqual([]);
  });

  it('reads the question without its mention tokens, as a mention would', async () => {
    h = await startHarness();
    const question = 'how do I opt out?';
    const content = `<@123456789012345678> <#223456789012345678> ${question}`;
    const body = await interact(h.fake, messageCommand(h.fake, { user: user(), content }));
    expect(body.data?.embeds?.[0]?.title).toBe(h.bot.ask(question).title);
    // Only mentions is no question at all.
    const bare = await interact(
      h.fake,
      messageCommand(h.fake, { user: user(), content: '<@123456789012345678> <@&323456789012345678>' }),
    );
    expect(bare.data?.content).toBe(ui('discord.menu.no-text'));
  });

  it('works from a user install in a group DM the bot is not in (context 2)', async () => {
    h = await startHarness();
    const interaction = messageCommand(h.fake, { user: user(), content: QUESTION, place: 'group-dm' });
    expect(interaction).toMatchObject({
      context: 2,
      authorizing_integration_owners: { '1': expect.any(String) },
    });
    const body = await interact(h.fake, interaction);
    expect(body.data?.flags).toBe(EPHEMERAL);
    expect(body.data?.embeds?.[0]?.title).toBe(h.bot.ask(QUESTION).title);
  });

  it('a message without text (an embed or image only) gets a private notice, not a guess', async () => {
    h = await startHarness();
    const interaction = messageCommand(h.fake, { user: user(), content: '', embeds: [{ title: 'A link' }] });
    const body = await interact(h.fake, interaction);
    expect(body.data?.flags).toBe(EPHEMERAL);
    expect(body.data?.content).toBe(ui('discord.menu.no-text'));
    expect(body.data?.embeds).toEqual([]);
  });

  it('shares the cooldown with the slash commands: a flood gets the private notice', async () => {
    h = await startHarness({ cooldown: { limit: 2, windowMs: 60_000 } });
    const flooder = user();
    const first = await interact(h.fake, messageCommand(h.fake, { user: flooder, content: QUESTION }));
    const ask = installedCommand(h.fake, 'help', [], { user: flooder, place: 'guild' });
    await interact(h.fake, ask);
    const third = await interact(h.fake, messageCommand(h.fake, { user: flooder, content: QUESTION }));
    expect(first.data?.embeds).toHaveLength(1);
    expect(third.type).toBe(CALLBACK.reply);
    expect(third.data?.flags).toBe(EPHEMERAL);
    expect(third.data?.content).toBe(COOLDOWN_NOTICE);
    // Someone else is still answered.
    const other = await interact(h.fake, messageCommand(h.fake, { user: user(), content: QUESTION }));
    expect(other.data?.embeds?.[0]?.title).toBe(h.bot.ask(QUESTION).title);
  });

  it('a failure while answering is isolated: the asker gets the apology, the sink logs it', async () => {
    const working = realBot();
    const bot = {
      ...working,
      ask: () => {
        throw new Error('matcher exploded');
      },
    };
    h = await startHarness({ bot });
    const body = await interact(h.fake, messageCommand(h.fake, { user: user(), content: QUESTION }));
    expect(body.type).toBe(CALLBACK.reply);
    expect(body.data?.flags).toBe(EPHEMERAL);
    expect(body.data?.content).toBe(ui('error.answer'));
    expect(h.logger.lines).toContainEqual(
      expect.objectContaining({ level: 'error', msg: 'discord.handler_failed', via: 'message-command' }),
    );
    // The question is the asker's (or someone else's) words: never in the log.
    expect(JSON.stringify(h.logger.lines)).not.toContain(QUESTION);
    // The client is still answering.
    const next = await interact(
      h.fake,
      installedCommand(h.fake, 'optout', [], { user: user(), place: 'guild' }),
    );
    expect(next.data?.embeds?.[0]?.title).toBe(working.optOut().title);
  });

  it('a message command the bot no longer has gets the unknown-command notice', async () => {
    h = await startHarness();
    const interaction = messageCommand(h.fake, { user: user(), content: QUESTION, name: 'Translate' });
    const body = await interact(h.fake, interaction);
    expect(body.data?.flags).toBe(EPHEMERAL);
    expect(body.data?.content).toBe(ui('error.unknown-command'));
  });
});
