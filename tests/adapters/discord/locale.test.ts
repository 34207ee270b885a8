// Which language Discord answers in, through a real discord.js client on the loopback stand-in and the
// real bot speaking all eight languages: slash commands follow the interaction's `locale`, follow-up
// buttons carry their answer's language (`@de`) so a click stays in it, a DM follows its own words, and a
// mention too short to tell follows the server's preferred locale.
import { afterEach, describe, expect, it } from 'vitest';
import {
  answerButtonId,
  parseAnswerButtonId,
  parseVoteButtonId,
} from '../../../adapters/discord/custom-ids.js';
import { ManualClock } from '../../../src/core/index.js';
import { createInsights, type Insights, MemoryInsightsStore } from '../../../src/insights/index.js';
import { type Harness, startHarness } from '../../support/discord/harness.js';
import { messageCommand } from '../../support/discord/install-payloads.js';
import { CALLBACK, type CallbackBody, interact } from '../../support/discord/interaction-helpers.js';
import {
  autocomplete,
  buttonClick,
  chatInput,
  type FakeUser,
  guildCreate,
  messageCreate,
  messageFromBody,
  snowflake,
  user,
} from '../../support/discord/payloads.js';
import { multilingualBot } from '../../support/languages.js';
import { ENGLISH_LABELS } from '../../support/reply-labels.js';

const clock = new ManualClock('2025-10-20T12:00:00Z');
let h: Harness | undefined;
let insights: Insights | undefined;
afterEach(async () => {
  await h?.close();
  await insights?.close();
  h = undefined;
  insights = undefined;
});

/** The adapter with the multilingual bot, and insights so answers carry 👍 / 👎 (whose labels translate). */
async function start(): Promise<Harness> {
  insights = createInsights({
    store: new MemoryInsightsStore(),
    clock,
    secret: 'discord-locale-test-secret',
    unanswered: false,
  });
  h = await startHarness({ bot: multilingualBot(clock), insights });
  return h;
}

/** A slash command as a member whose Discord client is set to `locale`. */
function slash(
  harness: Harness,
  name: string,
  locale: string,
  options: Parameters<typeof chatInput>[2] = [],
  asker: FakeUser = user(),
) {
  return { ...chatInput(harness.fake, name, options, { user: asker }), locale };
}

type Button = { custom_id?: string; url?: string; label?: string };
function buttons(body: CallbackBody): Button[] {
  return (body.data?.components ?? []).flatMap((row) => row.components);
}

/** The answer buttons (follow-ups), without the link and vote buttons. */
function followUps(body: CallbackBody): Button[] {
  return buttons(body).filter((b) => b.custom_id && parseAnswerButtonId(b.custom_id));
}

function voteLabels(body: CallbackBody): string[] {
  return buttons(body).flatMap((b) => (b.custom_id && parseVoteButtonId(b.custom_id) ? [b.label ?? ''] : []));
}

describe('Discord answers in the interaction locale', () => {
  it('/optout from a German client is answered in German: title, text, buttons, and follow-ups ending @de', async () => {
    const harness = await start();
    const expected = harness.bot.optOut({ locale: 'de' });
    const english = harness.bot.optOut();
    expect(expected.language).toBe('de');
    expect(expected.title).not.toBe(english.title);

    const body = await interact(harness.fake, slash(harness, 'optout', 'de'));
    expect(body.type).toBe(CALLBACK.reply);
    const embed = body.data?.embeds?.[0];
    expect(embed?.title).toBe(expected.title);
    expect(embed?.description).toContain(expected.steps[0]?.slice(0, 40));
    expect(embed?.footer?.text).toMatch(/^Quellen: /);

    const ids = followUps(body).map((b) => b.custom_id ?? '');
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(id).toMatch(/@de$/);
    expect(followUps(body).map((b) => b.label)).toEqual(expected.followUps.map((f) => f.question));
    expect(followUps(body).map((b) => b.label)).not.toEqual(english.followUps.map((f) => f.question));
    expect(voteLabels(body)).toEqual([expected.labels.feedbackUp, expected.labels.feedbackDown]);
    expect(voteLabels(body)).not.toContain(ENGLISH_LABELS.feedbackUp);
  });

  it('/ask "DMs?" from a German client, too short to tell by its words, gets the German DM answer', async () => {
    const harness = await start();
    const expected = harness.bot.ask('DMs?', { locale: 'de' });
    expect(expected).toMatchObject({ language: 'de', id: 'private-messages' });

    const question = [{ name: 'question', type: 3, value: 'DMs?' }];
    const body = await interact(harness.fake, slash(harness, 'ask', 'de', question));
    expect(body.data?.embeds?.[0]?.title).toBe(expected.title);
    expect(body.data?.embeds?.[0]?.title).not.toBe(harness.bot.ask('DMs?').title);
    for (const id of followUps(body).map((b) => b.custom_id)) expect(id).toMatch(/@de$/);
  });

  it('a click on a German follow-up is answered in German, with German follow-ups again', async () => {
    const harness = await start();
    const asker = user();
    const first = await interact(harness.fake, slash(harness, 'optout', 'de', [], asker));
    const followUp = followUps(first)[0]?.custom_id;
    if (!followUp) throw new Error('the German /optout reply has no follow-up to click');
    const ref = parseAnswerButtonId(followUp);
    const expected = harness.bot.answer(ref?.id ?? '', { language: 'de' });
    expect(expected?.language).toBe('de');

    const message = {
      ...messageFromBody(first.data, harness.fake.channelId, harness.fake.botUser),
      interaction_metadata: { id: snowflake(), type: 2, user: asker, authorizing_integration_owners: {} },
    };
    const click = { ...buttonClick(harness.fake, followUp, message, { user: asker }), locale: 'de' };
    const body = await interact(harness.fake, click);
    expect(body.type).toBe(CALLBACK.update);
    expect(body.data?.embeds?.[0]?.title).toBe(expected?.title);
    for (const id of followUps(body).map((b) => b.custom_id)) expect(id).toMatch(/@de$/);
    expect(voteLabels(body)[0]).toBe(expected?.labels.feedbackUp);
  });

  it('the button, not the clicker, decides: an English-client click on a German follow-up stays German', async () => {
    const harness = await start();
    const first = await interact(harness.fake, slash(harness, 'optout', 'de'));
    const followUp = followUps(first)[0]?.custom_id ?? '';
    const ref = parseAnswerButtonId(followUp);
    const message = messageFromBody(first.data, harness.fake.channelId, harness.fake.botUser);
    const click = { ...buttonClick(harness.fake, followUp, message, { user: user() }), locale: 'en-US' };
    const body = await interact(harness.fake, click);
    expect(body.data?.embeds?.[0]?.title).toBe(harness.bot.answer(ref?.id ?? '', { language: 'de' })?.title);
    expect(body.data?.embeds?.[0]?.title).not.toBe(harness.bot.answer(ref?.id ?? '')?.title);
  });

  it('the same /optout, /ask "DMs?" and click from an en-US client stay English', async () => {
    const harness = await start();
    const asker = user();
    const optout = await interact(harness.fake, slash(harness, 'optout', 'en-US', [], asker));
    expect(optout.data?.embeds?.[0]?.title).toBe(harness.bot.optOut().title);
    expect(voteLabels(optout)).toEqual([ENGLISH_LABELS.feedbackUp, ENGLISH_LABELS.feedbackDown]);
    const ids = followUps(optout).map((b) => b.custom_id ?? '');
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(id).not.toMatch(/@de$/);
    expect(ids.map((id) => parseAnswerButtonId(id)?.language ?? 'en')).toEqual(ids.map(() => 'en'));

    const question = [{ name: 'question', type: 3, value: 'DMs?' }];
    const ask = await interact(harness.fake, slash(harness, 'ask', 'en-US', question));
    expect(ask.data?.embeds?.[0]?.title).toBe(harness.bot.ask('DMs?').title);

    const ref = parseAnswerButtonId(ids[0] ?? '');
    const message = {
      ...messageFromBody(optout.data, harness.fake.channelId, harness.fake.botUser),
      interaction_metadata: { id: snowflake(), type: 2, user: asker, authorizing_integration_owners: {} },
    };
    const click = { ...buttonClick(harness.fake, ids[0] ?? '', message, { user: asker }), locale: 'en-US' };
    const clicked = await interact(harness.fake, click);
    expect(clicked.data?.embeds?.[0]?.title).toBe(harness.bot.answer(ref?.id ?? '')?.title);
  });
});

describe('Discord command extras in the interaction locale', () => {
  it('/deadline from a German client labels its countdown fields in German', async () => {
    const harness = await start();
    const expected = harness.bot.deadline({ locale: 'de' });
    expect(expected.labels.when).not.toBe(ENGLISH_LABELS.when);
    const body = await interact(harness.fake, slash(harness, 'deadline', 'de'));
    const embed = body.data?.embeds?.[0];
    expect(embed?.title).toBe(expected.title);
    const fields = embed?.fields ?? [];
    expect(fields.length).toBeGreaterThan(0);
    for (const f of fields) expect(f.name).toBe(expected.labels.when);
  });

  it('"Ask optout-bot" on a message too short to tell ("opt-out?") answers a German client in German', async () => {
    const harness = await start();
    const expected = harness.bot.ask('opt-out?', { locale: 'de' });
    expect(expected.language).toBe('de');
    const interaction = {
      ...messageCommand(harness.fake, { user: user(), content: 'opt-out?' }),
      locale: 'de',
    };
    const body = await interact(harness.fake, interaction);
    expect(body.data?.embeds?.[0]?.title).toBe(expected.title);
    expect(body.data?.embeds?.[0]?.title).not.toBe(harness.bot.ask('opt-out?').title);
  });

  it('autocomplete for a German client offers German questions, and picking one answers it in German', async () => {
    const harness = await start();
    const typed = [{ name: 'question', type: 3, value: 'Daten', focused: true }];
    const suggest = { ...autocomplete(harness.fake, 'ask', typed, { user: user() }), locale: 'de' };
    const offered = await interact(harness.fake, suggest);
    expect(offered.type).toBe(CALLBACK.autocomplete);
    const expected = harness.bot.suggest('Daten', 25, { locale: 'de' }).map((c) => c.question);
    const names = (offered.data?.choices ?? []).map((c) => c.name);
    expect(names.length).toBeGreaterThan(0);
    expect(names).toEqual(expected.slice(0, names.length));
    expect(names).not.toEqual(
      harness.bot
        .suggest('Daten', 25)
        .map((c) => c.question)
        .slice(0, names.length),
    );

    const picked = offered.data?.choices?.[0];
    const ref = harness.bot.suggest('Daten', 25, { locale: 'de' })[0];
    const answer = harness.bot.answer(ref?.id ?? '', { language: 'de' });
    expect(answer?.language).toBe('de');
    const question = [{ name: 'question', type: 3, value: picked?.value ?? '' }];
    const body = await interact(harness.fake, slash(harness, 'ask', 'de', question));
    expect(body.data?.embeds?.[0]?.title).toBe(answer?.title);
  });
});

describe('Discord messages in their own language', () => {
  it('a Polish DM is answered in Polish, its follow-ups ending @pl', async () => {
    const harness = await start();
    const question = 'czy moje prywatne wiadomości są używane do trenowania AI?';
    const expected = harness.bot.ask(question);
    expect(expected).toMatchObject({ language: 'pl', id: 'private-messages' });
    expect(expected.title).not.toBe(harness.bot.answer('private-messages')?.title);

    const dm = messageCreate(harness.fake, { author: user(), content: question, guild: false });
    harness.fake.dispatch('MESSAGE_CREATE', dm);
    const call = await harness.fake.waitForCall(
      (c) => c.method === 'POST' && c.path === `/channels/${String(dm.channel_id)}/messages`,
    );
    const sent = call.body as CallbackBody['data'];
    expect(sent?.embeds?.[0]?.title).toBe(expected.title);
    expect(sent?.embeds?.[0]?.footer?.text).toContain(expected.labels.sources.split('{')[0] ?? '');
    const ids = (sent?.components ?? []).flatMap((r) => r.components.flatMap((b) => b.custom_id ?? []));
    const answers = ids.filter((id) => parseAnswerButtonId(id));
    expect(answers.length).toBeGreaterThan(0);
    for (const id of answers) expect(id).toMatch(/@pl$/);
  });

  it('a mention too short to tell ("opt-out?") in a server whose preferred locale is German gets German', async () => {
    const harness = await start();
    const { fake } = harness;
    // Discord sends GUILD_UPDATE when an admin changes the server's language.
    fake.dispatch('GUILD_UPDATE', { ...guildCreate(fake), preferred_locale: 'de' });
    const expected = harness.bot.ask('opt-out?', { locale: 'de' });
    expect(expected.language).toBe('de');
    const mention = messageCreate(fake, {
      author: user(),
      content: `<@${fake.botUser.id}> opt-out?`,
      mentions: [fake.botUser],
    });
    // The update is handled before the mention: both arrive in order on the one gateway connection.
    fake.dispatch('MESSAGE_CREATE', mention);
    const call = await fake.waitForCall(
      (c) => c.method === 'POST' && c.path === `/channels/${fake.channelId}/messages`,
    );
    const sent = call.body as CallbackBody['data'];
    expect(sent?.embeds?.[0]?.title).toBe(expected.title);
    expect(sent?.embeds?.[0]?.title).not.toBe(harness.bot.ask('opt-out?').title);
  });
});

describe('Discord notices outside answers in the interaction locale', () => {
  it('a French client gets the unknown-command notice in French, for a retired slash or message command', async () => {
    const harness = await start();
    const french = harness.bot.say('error.unknown-command', { locale: 'fr' });
    expect(french).not.toBe(harness.bot.say('error.unknown-command'));
    const slashBody = await interact(harness.fake, slash(harness, 'retired', 'fr'));
    expect(slashBody.data?.content).toBe(french);
    const menu = {
      ...messageCommand(harness.fake, { user: user(), content: 'hello', name: 'Translate' }),
      locale: 'fr',
    };
    const menuBody = await interact(harness.fake, menu);
    expect(menuBody.data?.content).toBe(french);
  });

  it('a German follow-up for an entry since removed tells even an en-US clicker in German', async () => {
    const harness = await start();
    const message = messageFromBody(
      { embeds: [], components: [] },
      harness.fake.channelId,
      harness.fake.botUser,
    );
    const id = answerButtonId('an-entry-since-removed', 'de');
    const click = { ...buttonClick(harness.fake, id, message, { user: user() }), locale: 'en-US' };
    const body = await interact(harness.fake, click);
    const german = harness.bot.say('error.stale-answer', { language: 'de' });
    expect(german).not.toBe(harness.bot.say('error.stale-answer'));
    expect(body.data?.content).toBe(german);
  });

  it('a vote button whose tag cannot be read tells a Polish client in Polish that it cannot be rated', async () => {
    const harness = await start();
    const asker = user();
    const first = await interact(harness.fake, slash(harness, 'optout', 'pl', [], asker));
    const message = messageFromBody(first.data, harness.fake.channelId, harness.fake.botUser);
    const click = {
      ...buttonClick(harness.fake, 'optout:vote:up:???', message, { user: asker }),
      locale: 'pl',
    };
    const body = await interact(harness.fake, click);
    const polish = harness.bot.say('feedback.gone', { locale: 'pl' });
    expect(polish).not.toBe(harness.bot.say('feedback.gone'));
    expect(body.data?.content).toBe(polish);
  });
});
