// Buttons end to end: a slash command's answer is fetched first, and its real buttons are clicked through
// signed block_actions requests; answers arrive at the click's response_url on the stand-in.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  buttonsIn,
  type FoundButton,
  type Harness,
  startHarness,
  textsIn,
} from '../../support/slack/harness.js';
import { blockAction, type ClickFields, slashCommand, USER } from '../../support/slack/requests.js';
import { ui } from '../../support/ui.js';

interface Message {
  blocks?: unknown;
  text?: string;
}

async function slash(h: Harness, text: string): Promise<Message> {
  const res = await h.send(slashCommand({ text, responseUrl: h.fake.responseUrl('cmd') }));
  return JSON.parse(res.body) as Message;
}

function find(message: Message, match: (b: FoundButton) => boolean): FoundButton {
  const found = buttonsIn(message.blocks).find(match);
  if (!found) throw new Error('button not found');
  return found;
}

async function click(h: Harness, b: FoundButton, where: ClickFields['where'], hook: string) {
  const res = await h.send(
    blockAction({
      actionId: b.action_id,
      value: b.value ?? '',
      where,
      responseUrl: h.fake.responseUrl(hook),
    }),
  );
  // Clicks are acknowledged with an empty 200; the answer goes through response_url.
  expect(res).toEqual({ status: 200, body: '' });
}

describe('buttons', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('Share in channel posts the answer for everyone, credited to the sharer, and removes the private copy', async () => {
    const answer = await slash(h, '');
    await click(
      h,
      find(answer, (b) => b.action_id === 'share'),
      'ephemeral',
      'share',
    );

    const shared = await h.fake.nthPost('share');
    expect(shared.body).toMatchObject({ response_type: 'in_channel', replace_original: false });
    const texts = textsIn(shared.body.blocks);
    expect(texts).toContain(h.bot.optOut().title);
    expect(texts.join('\n')).toContain(`Shared by <@${USER}>`);
    expect(buttonsIn(shared.body.blocks).map((b) => b.action_id)).not.toContain('share');
    expect((await h.fake.nthPost('share', 2)).body).toEqual({ delete_original: true });
  });

  it('sharing an answer the bot was unsure of shows the question that was asked, escaped', async () => {
    // Slack delivers typed angle brackets and ampersands as entities.
    const answer = await slash(h, 'what does &lt;b&gt;zorblax&lt;/b&gt; &amp; friends mean');
    await click(
      h,
      find(answer, (b) => b.action_id === 'share'),
      'ephemeral',
      'share',
    );

    const shared = await h.fake.nthPost('share');
    const texts = textsIn(shared.body.blocks).join('\n');
    expect(texts).toContain(h.bot.ask('what does <b>zorblax</b> & friends mean').title);
    expect(texts).toContain('what does &lt;b&gt;zorblax&lt;/b&gt; &amp; friends mean');
  });

  it('a follow-up under a private answer replaces it in place with that entry, still shareable', async () => {
    const answer = await slash(h, '');
    const followUp = find(answer, (b) => b.action_id.startsWith('answer:'));
    await click(h, followUp, 'ephemeral', 'follow');

    const { body } = await h.fake.nthPost('follow');
    expect(body).toMatchObject({ replace_original: true });
    expect(textsIn(body.blocks)).toContain(h.bot.answer(followUp.value ?? '')?.title);
    expect(buttonsIn(body.blocks).map((b) => b.action_id)).toContain('share');
  });

  it('a follow-up in a DM replaces the answer in place, with nothing to share', async () => {
    const answer = await slash(h, '');
    const followUp = find(answer, (b) => b.action_id.startsWith('answer:'));
    await click(h, followUp, 'dm', 'dm');

    const { body } = await h.fake.nthPost('dm');
    expect(body).toMatchObject({ replace_original: true });
    expect(textsIn(body.blocks)).toContain(h.bot.answer(followUp.value ?? '')?.title);
    expect(buttonsIn(body.blocks).map((b) => b.action_id)).not.toContain('share');
  });

  it('a follow-up under a message everyone sees answers the clicker privately, leaving the message alone', async () => {
    const answer = await slash(h, '');
    const followUp = find(answer, (b) => b.action_id.startsWith('answer:'));
    await click(h, followUp, 'channel', 'visible');

    const { body } = await h.fake.nthPost('visible');
    expect(body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(textsIn(body.blocks)).toContain(h.bot.answer(followUp.value ?? '')?.title);
  });

  it('a tampered button value gets a polite private note, and nothing is shared', async () => {
    const forged = { action_id: 'share', value: '{"kind":"entry"', text: { text: 'Share' } };
    await click(h, forged, 'ephemeral', 'forged');
    expect((await h.fake.nthPost('forged')).body).toMatchObject({
      response_type: 'ephemeral',
      text: ui('error.stale-answer'),
    });

    await click(
      h,
      { action_id: 'answer:0', value: 'no-such-entry', text: { text: 'x' } },
      'ephemeral',
      'unknown',
    );
    expect((await h.fake.nthPost('unknown')).body).toMatchObject({ text: ui('error.stale-answer') });
  });

  it('a link button click is acknowledged and answered with nothing', async () => {
    const answer = await slash(h, '');
    await click(
      h,
      find(answer, (b) => b.url !== undefined),
      'ephemeral',
      'link',
    );
    // A later click's answer arrives; the link click's never does.
    await click(
      h,
      find(answer, (b) => b.action_id.startsWith('answer:')),
      'ephemeral',
      'after',
    );
    await h.fake.nthPost('after');
    expect(h.fake.postsTo('link')).toEqual([]);
  });
});
