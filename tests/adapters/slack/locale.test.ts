// Which language Slack answers in, through Bolt's real HTTP receiver with signed requests, the Slack
// stand-in's users.info, and the real bot speaking all eight languages. A question whose words cannot tell
// its language (an empty /optout, "opt-out?") follows the asker's Slack locale, looked up once with
// include_locale and remembered; a question long enough to tell never costs a lookup; a workspace that did
// not grant users:read still gets answers, and is not asked again.
import { afterEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../../adapters/slack/render.js';
import { multilingualBot } from '../../support/languages.js';
import { ENGLISH_LABELS } from '../../support/reply-labels.js';
import { buttonsIn, type Harness, startHarness, textsIn } from '../../support/slack/harness.js';
import {
  blockAction,
  CHANNEL,
  DM_CHANNEL,
  directMessage,
  eventRequest,
  mention,
  messageShortcut,
  slashCommand,
  USER,
} from '../../support/slack/requests.js';

interface Ack {
  response_type?: string;
  text?: string;
  blocks?: Array<Record<string, unknown>>;
}

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The adapter with the multilingual bot; `scopes` holds back the others (e.g. no users:read). */
async function start(scopes?: string[]): Promise<Harness> {
  h = await startHarness({
    bot: multilingualBot,
    prepare: (fake) => {
      fake.users.set(USER, { locale: 'fr-FR' });
      fake.users.set('UENGLISH01', { locale: 'en-US' });
      if (scopes) fake.scopes = new Set(scopes);
    },
  });
  return h;
}

async function command(harness: Harness, text: string, user = USER): Promise<Ack> {
  const res = await harness.send(slashCommand({ text, responseUrl: harness.fake.responseUrl('cmd'), user }));
  expect(res.status).toBe(200);
  return res.body ? (JSON.parse(res.body) as Ack) : {};
}

function header(blocks: unknown): string | undefined {
  const list = Array.isArray(blocks) ? (blocks as Array<Record<string, unknown>>) : [];
  const block = list.find((b) => b.type === 'header') as { text: { text: string } } | undefined;
  return block?.text.text;
}

/** Ask in a DM (each in its own channel) and resolve with the answer the bot posted there. */
async function dm(harness: Harness, text: string, user = USER, channel = DM_CHANNEL) {
  const posts = () => harness.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === channel);
  const before = posts().length;
  await harness.send(eventRequest(directMessage(text, { user, channel })));
  return harness.fake.waitFor(`the answer to "${text}"`, () => posts()[before]);
}

const lookups = (harness: Harness) => harness.fake.callsTo('users.info');

describe('Slack answers in the asker locale', () => {
  it('an empty /optout from a user whose Slack is in French gets the French steps and French buttons', async () => {
    const harness = await start();
    const expected = harness.bot.optOut({ locale: 'fr-FR' });
    expect(expected.language).toBe('fr');
    expect(expected.title).not.toBe(harness.bot.optOut().title);

    const ack = await command(harness, '');
    expect(ack.response_type).toBe('ephemeral');
    expect(header(ack.blocks)).toBe(expected.title);
    const labels = buttonsIn(ack.blocks).map((b) => b.text.text);
    expect(labels).toContain(expected.labels.share);
    expect(labels).not.toContain(ENGLISH_LABELS.share);
    // Follow-ups carry the answer's language, so a click on one stays French.
    const followUps = buttonsIn(ack.blocks).filter((b) => b.action_id.startsWith(`${ACTION.answer}:`));
    expect(followUps.length).toBeGreaterThan(0);
    for (const b of followUps) expect(b.value).toMatch(/@fr$/);

    const [lookup] = lookups(harness);
    expect(lookup?.args).toMatchObject({ user: USER, include_locale: 'true' });
  });

  it('a DM "opt-out?" is answered in French, and a second short question makes no second lookup', async () => {
    const harness = await start();
    const expected = harness.bot.ask('opt-out?', { locale: 'fr-FR' });
    expect(expected.language).toBe('fr');

    const first = await dm(harness, 'opt-out?');
    expect(header(first.args.blocks)).toBe(expected.title);
    expect(header(first.args.blocks)).not.toBe(harness.bot.ask('opt-out?').title);
    expect(lookups(harness)).toHaveLength(1);

    const again = await dm(harness, 'DMs?');
    expect(header(again.args.blocks)).toBe(harness.bot.ask('DMs?', { locale: 'fr-FR' }).title);
    const ack = await command(harness, '');
    expect(header(ack.blocks)).toBe(harness.bot.optOut({ locale: 'fr-FR' }).title);
    // Remembered: the DM and the command after the first question asked Slack nothing more.
    expect(lookups(harness)).toHaveLength(1);
  });

  it('an @mention "opt-out?" in a channel is answered in French in its thread', async () => {
    const harness = await start();
    const event = mention('opt-out?');
    await harness.send(eventRequest(event));
    const { args } = await harness.fake.nthCall('chat.postMessage');
    expect(args).toMatchObject({ channel: CHANNEL, thread_ts: event.ts });
    expect(header(args.blocks)).toBe(harness.bot.ask('opt-out?', { locale: 'fr-FR' }).title);
    expect(lookups(harness)).toHaveLength(1);
  });

  it('a long English question makes no users.info call and is answered in English', async () => {
    const harness = await start();
    const question = 'how do I stop linkedin from using my data to train its ai';
    const expected = harness.bot.ask(question);
    expect(expected.language).toBe('en');

    const answer = await dm(harness, question);
    expect(header(answer.args.blocks)).toBe(expected.title);
    const ack = await command(harness, question);
    expect(header(ack.blocks)).toBe(expected.title);
    expect(lookups(harness)).toHaveLength(0);
  });

  it('a user whose Slack is in English gets English for the same short question', async () => {
    const harness = await start();
    const answer = await dm(harness, 'opt-out?', 'UENGLISH01', 'D0ENGLISH1');
    expect(header(answer.args.blocks)).toBe(harness.bot.ask('opt-out?').title);
    expect(textsIn(answer.args.blocks)).not.toContain(harness.bot.ask('opt-out?', { locale: 'fr' }).title);
    expect(lookups(harness)).toHaveLength(1);
  });

  it('without users:read the workspace still gets answers, and the lookup stops after its missing_scope', async () => {
    // chat:write alone: the workspace declined the optional users:read.
    const harness = await start(['chat:write', 'im:history', 'commands']);
    const answer = await dm(harness, 'opt-out?');
    expect(header(answer.args.blocks)).toBe(harness.bot.ask('opt-out?').title);
    expect(lookups(harness)).toHaveLength(1);

    // Another person in the same workspace, and the command: no more lookups, answers all the same.
    const other = await dm(harness, 'DMs?', 'UENGLISH01', 'D0ENGLISH1');
    expect(header(other.args.blocks)).toBe(harness.bot.ask('DMs?').title);
    const ack = await command(harness, '');
    expect(header(ack.blocks)).toBe(harness.bot.optOut().title);
    expect(lookups(harness)).toHaveLength(1);
  });

  it('a click on a follow-up of the French answer is answered in French', async () => {
    const harness = await start();
    const ack = await command(harness, '');
    const followUp = buttonsIn(ack.blocks).find((b) => b.action_id.startsWith(`${ACTION.answer}:`));
    if (!followUp?.value) throw new Error('the French /optout answer has no follow-up');
    const [id = ''] = followUp.value.split('@');
    const expected = harness.bot.answer(id, { language: 'fr' });
    expect(expected?.language).toBe('fr');

    const click = await harness.send(
      blockAction({
        actionId: followUp.action_id,
        value: followUp.value,
        responseUrl: harness.fake.responseUrl('follow-up'),
        where: 'ephemeral',
      }),
    );
    expect(click.status).toBe(200);
    const posted = await harness.fake.nthPost('follow-up');
    expect(header(posted.body.blocks)).toBe(expected?.title);
    expect(header(posted.body.blocks)).not.toBe(harness.bot.answer(id)?.title);
    // The click itself needed no lookup: the button carries the language.
    expect(lookups(harness)).toHaveLength(1);
  });

  it('a French follow-up for an entry since removed gets the notice in French', async () => {
    const harness = await start();
    const french = harness.bot.say('error.stale-answer', { language: 'fr' });
    expect(french).not.toBe(harness.bot.say('error.stale-answer'));
    const click = await harness.send(
      blockAction({
        actionId: `${ACTION.answer}:0`,
        value: 'an-entry-since-removed@fr',
        responseUrl: harness.fake.responseUrl('stale'),
        where: 'ephemeral',
      }),
    );
    expect(click.status).toBe(200);
    expect((await harness.fake.nthPost('stale')).body).toMatchObject({ text: french });
  });

  it('the message shortcut on a message too short to tell ("opt-out?") answers in the clicker’s French', async () => {
    const harness = await start();
    const expected = harness.bot.ask('opt-out?', { locale: 'fr-FR' });
    const res = await harness.send(
      messageShortcut({ text: 'opt-out?', responseUrl: harness.fake.responseUrl('shortcut') }),
    );
    expect(res.status).toBe(200);
    const posted = await harness.fake.nthPost('shortcut');
    expect(header(posted.body.blocks)).toBe(expected.title);
    expect(header(posted.body.blocks)).not.toBe(harness.bot.ask('opt-out?').title);
    expect(lookups(harness)).toHaveLength(1);
  });

  it('a users.info slower than the lookup allows answers in English in time, and is asked again next time', async () => {
    const harness = await start();
    harness.fake.script('users.info', USER, {
      delayMs: 2500,
      body: { ok: true, user: { id: USER, locale: 'fr-FR' } },
    });
    const started = Date.now();
    const ack = await command(harness, '');
    // Slack gives a slash command 3 seconds; the lookup gives up well before.
    expect(Date.now() - started).toBeLessThan(2500);
    expect(header(ack.blocks)).toBe(harness.bot.optOut().title);
    // Not remembered as "no locale": the next question asks again, and this time Slack answers.
    const again = await command(harness, '');
    expect(header(again.blocks)).toBe(harness.bot.optOut({ locale: 'fr-FR' }).title);
    expect(lookups(harness)).toHaveLength(2);
  });

  it('sharing a French /optout answer posts it in French for the channel', async () => {
    const harness = await start();
    const expected = harness.bot.optOut({ locale: 'fr-FR' });
    const ack = await command(harness, '');
    const share = buttonsIn(ack.blocks).find((b) => b.action_id === ACTION.share);
    if (!share?.value) throw new Error('the French /optout answer has no share button');

    const click = await harness.send(
      blockAction({
        actionId: ACTION.share,
        value: share.value,
        responseUrl: harness.fake.responseUrl('share'),
        where: 'ephemeral',
      }),
    );
    expect(click.status).toBe(200);
    const posted = await harness.fake.nthPost('share');
    expect(posted.body.response_type).toBe('in_channel');
    expect(header(posted.body.blocks)).toBe(expected.title);
  });
});
