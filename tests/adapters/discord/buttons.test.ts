// Follow-up and "did you mean" buttons: a click answers in place for the person the message belongs to,
// and privately for anyone else, so a shared answer is never replaced under other readers.
import { afterEach, describe, expect, it } from 'vitest';
import { answerButtonId, parseAnswerButtonId } from '../../../adapters/discord/custom-ids.js';
import { type Harness, startHarness } from '../../support/discord/harness.js';
import { CALLBACK, customIds, EPHEMERAL, interact } from '../../support/discord/interaction-helpers.js';
import {
  buttonClick,
  chatInput,
  type FakeUser,
  messageCreate,
  messageFromBody,
  snowflake,
  user,
} from '../../support/discord/payloads.js';
import { ui } from '../../support/ui.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Run /optout for `asker` and return the message Discord would show, with its buttons. */
async function optoutReply(harness: Harness, asker: FakeUser, extra: Record<string, unknown> = {}) {
  const body = await interact(harness.fake, chatInput(harness.fake, 'optout', [], { user: asker }));
  const message = {
    ...messageFromBody(body.data, harness.fake.channelId, harness.fake.botUser),
    interaction_metadata: { id: snowflake(), type: 2, user: asker, authorizing_integration_owners: {} },
    ...extra,
  };
  const followUp = customIds(body)[0];
  if (!followUp) throw new Error('the /optout reply has no follow-up buttons to click');
  return { message, followUp };
}

function titleFor(harness: Harness, customId: string): string | undefined {
  const ref = parseAnswerButtonId(customId);
  return ref === undefined ? undefined : harness.bot.answer(ref.id, { language: ref.language })?.title;
}

describe('Discord answer buttons', () => {
  it('a follow-up clicked by the person who ran the command replaces the answer in place', async () => {
    h = await startHarness();
    const asker = user();
    const { message, followUp } = await optoutReply(h, asker);
    const body = await interact(h.fake, buttonClick(h.fake, followUp, message, { user: asker }));
    expect(body.type).toBe(CALLBACK.update);
    expect(body.data?.embeds?.[0]?.title).toBe(titleFor(h, followUp));
    expect(body.data?.allowed_mentions).toEqual({ parse: [] });
  });

  it("someone else's click on a shared answer gets the follow-up privately", async () => {
    h = await startHarness();
    const { message, followUp } = await optoutReply(h, user());
    const body = await interact(h.fake, buttonClick(h.fake, followUp, message, { user: user() }));
    expect(body.type).toBe(CALLBACK.reply);
    expect(body.data?.flags).toBe(EPHEMERAL);
    expect(body.data?.embeds?.[0]?.title).toBe(titleFor(h, followUp));
  });

  it('a click on an ephemeral answer updates it in place', async () => {
    h = await startHarness();
    // Only the caller ever sees an ephemeral message, whoever Discord reports as its author.
    const { message, followUp } = await optoutReply(h, user(), { flags: EPHEMERAL });
    const body = await interact(h.fake, buttonClick(h.fake, followUp, message, { user: user() }));
    expect(body.type).toBe(CALLBACK.update);
  });

  it('the asker clicking a button on the reply to their @mention gets the answer in place', async () => {
    h = await startHarness();
    const { fake } = h;
    const asker = user();
    const question = messageCreate(fake, {
      author: asker,
      content: `<@${fake.botUser.id}> how do I opt out`,
      mentions: [fake.botUser],
    });
    fake.dispatch('MESSAGE_CREATE', question);
    const sent = await fake.waitForCall((c) => c.path === `/channels/${fake.channelId}/messages`);
    // Discord's copy of the bot's reply names the message it answered, and so its author.
    const reply = {
      ...messageFromBody(sent.body, fake.channelId, fake.botUser),
      type: 19,
      message_reference: { message_id: question.id, channel_id: fake.channelId, guild_id: fake.guildId },
      referenced_message: question,
    };
    const customId = answerButtonId('how-to-opt-out');
    const body = await interact(fake, buttonClick(fake, customId, reply, { user: asker }));
    expect(body.type).toBe(CALLBACK.update);
    expect(body.data?.embeds?.[0]?.title).toBe(h.bot.answer('how-to-opt-out')?.title);

    const other = await interact(fake, buttonClick(fake, customId, reply, { user: user() }));
    expect(other.data?.flags).toBe(EPHEMERAL);
  });

  it('a choice button in a DM answers in place', async () => {
    h = await startHarness();
    const dmUser = user();
    const fallback = h.bot.ask('zzqx vrrp');
    const choice = fallback.followUps[0];
    expect(choice).toBeDefined();
    const message = messageFromBody({ embeds: [], components: [] }, snowflake(), h.fake.botUser);
    const customId = answerButtonId(choice?.id ?? '');
    const body = await interact(
      h.fake,
      buttonClick(h.fake, customId, message, { user: dmUser, guild: false }),
    );
    expect(body.type).toBe(CALLBACK.update);
    expect(body.data?.embeds?.[0]?.title).toBe(h.bot.answer(choice?.id ?? '')?.title);
  });

  it('a button for an entry that no longer exists gets a private notice', async () => {
    h = await startHarness();
    const message = messageFromBody({ embeds: [], components: [] }, h.fake.channelId, h.fake.botUser);
    const body = await interact(
      h.fake,
      buttonClick(h.fake, answerButtonId('an-entry-since-removed'), message, { user: user() }),
    );
    expect(body.type).toBe(CALLBACK.reply);
    expect(body.data?.flags).toBe(EPHEMERAL);
    expect(body.data?.content).toBe(ui('error.stale-answer'));
  });
});
