// The message shortcut "Ask optout-bot about this" end to end: a signed message_action payload into Bolt's
// HTTP receiver, the answer read where Slack shows it (the shortcut's response_url on the stand-in, or
// the bot's chat.postEphemeral when the payload has none), compared with what the real bot says.
import { afterEach, describe, expect, it } from 'vitest';
import { COOLDOWN_NOTICE } from '../../../src/core/cooldown.js';
import { buttonsIn, type Harness, logLine, startHarness, textsIn } from '../../support/slack/harness.js';
import {
  blockAction,
  CHANNEL,
  directMessage,
  eventRequest,
  messageShortcut,
  type ShortcutFields,
  USER,
} from '../../support/slack/requests.js';
import { ui } from '../../support/ui.js';

let hooks = 0;
/** Use the shortcut on a message with `text`; Slack gets an empty 200 at once, the answer comes after. */
async function ask(h: Harness, text: string, extra: Partial<ShortcutFields> = {}) {
  const hook = `shortcut-${++hooks}`;
  const res = await h.send(messageShortcut({ text, responseUrl: h.fake.responseUrl(hook), ...extra }));
  expect(res).toEqual({ status: 200, body: '' });
  return hook;
}

describe('the message shortcut', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('answers the message’s text privately through the response_url, with a share button', async () => {
    h = await startHarness();
    const hook = await ask(h, 'Does LinkedIn use my data to train AI?');
    const { body } = await h.fake.nthPost(hook);
    expect(body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    const expected = h.bot.ask('Does LinkedIn use my data to train AI?');
    expect(textsIn(body.blocks)).toContain(expected.title);
    expect(String(body.text)).toContain(expected.title);
    // The question is echoed, so the asker sees what was answered.
    expect(textsIn(body.blocks).join('\n')).toContain('Asked: “Does LinkedIn use my data to train AI?”');
    expect(buttonsIn(body.blocks).map((b) => b.action_id)).toContain('share');
    // `answer`: the share button refers to the entry the question was answered with.
    expect(h.coreCalls).toEqual(['ask', 'answer']);
    // Nothing was posted in the channel, and nothing needed a Web API call.
    expect(h.fake.callsTo('chat.postMessage')).toEqual([]);
    expect(h.fake.callsTo('chat.postEphemeral')).toEqual([]);
  });

  it('asks only the words: mentions and broadcasts in the message are dropped, and the echo is escaped', async () => {
    h = await startHarness();
    const hook = await ask(h, '<!channel> <@U0SOMEONE1> is it too late &lt;now&gt;?');
    const { body } = await h.fake.nthPost(hook);
    expect(h.coreCalls[0]).toBe('ask');
    const texts = textsIn(body.blocks).join('\n');
    expect(texts).toContain(h.bot.ask('is it too late <now>?').title);
    expect(texts).toContain('Asked: “is it too late &lt;now&gt;?”');
    expect(JSON.stringify(body)).not.toMatch(/<!channel>|<@U0SOMEONE1>/);
  });

  it('the one-word commands work on a message too: "deadline" answers with the countdown', async () => {
    h = await startHarness();
    const { body } = await h.fake.nthPost(await ask(h, 'deadline'));
    expect(textsIn(body.blocks)).toContain(h.bot.deadline().title);
    expect(h.coreCalls).toEqual(['deadline']);
  });

  it('a message without text gets a hint, not an answer', async () => {
    h = await startHarness();
    const { body } = await h.fake.nthPost(await ask(h, ''));
    expect(body).toMatchObject({ response_type: 'ephemeral', text: ui('slack.shortcut.no-text') });
    expect(h.coreCalls).toEqual([]);
  });

  it('without a response_url it answers with chat.postEphemeral to the clicker in that channel', async () => {
    h = await startHarness();
    const res = await h.send(messageShortcut({ text: 'how do I opt out?' }));
    expect(res).toEqual({ status: 200, body: '' });
    const { args } = await h.fake.nthCall('chat.postEphemeral');
    expect(args).toMatchObject({ channel: CHANNEL, user: USER });
    expect(textsIn(args.blocks)).toContain(h.bot.ask('how do I opt out?').title);
  });

  it('the share button on the answer posts it in the channel for everyone', async () => {
    h = await startHarness();
    const { body } = await h.fake.nthPost(await ask(h, 'how do I opt out?'));
    const share = buttonsIn(body.blocks).find((b) => b.action_id === 'share');
    if (!share) throw new Error('no share button');
    await h.send(
      blockAction({
        actionId: share.action_id,
        value: share.value ?? '',
        where: 'ephemeral',
        responseUrl: h.fake.responseUrl('shared'),
      }),
    );
    const shared = await h.fake.nthPost('shared');
    expect(shared.body).toMatchObject({ response_type: 'in_channel' });
    expect(textsIn(shared.body.blocks).join('\n')).toContain(`Shared by <@${USER}>`);
  });

  it('shares the cooldown with other questions: a flood gets one private notice, then silence', async () => {
    h = await startHarness({ cooldown: { limit: 1, windowMs: 60_000 } });
    await h.fake.nthPost(await ask(h, 'how do I opt out?'));
    const second = await ask(h, 'is it too late?');
    expect((await h.fake.nthPost(second)).body).toMatchObject({
      response_type: 'ephemeral',
      text: COOLDOWN_NOTICE,
    });
    const third = await ask(h, 'what data is used?');
    // The same person's DM is refused silently too: one cooldown per person, whatever they use.
    await h.send(eventRequest(directMessage('deadline')));
    await logLine(h, (l) => l.msg === 'slack.cooldown' && l.via === 'dm');
    expect(h.fake.postsTo(third)).toEqual([]);
    // Only the first question reached the bot (and its share button's entry).
    expect(h.coreCalls).toEqual(['ask', 'answer']);
  });

  it('another shortcut’s callback is acknowledged and not answered', async () => {
    h = await startHarness();
    const hook = await ask(h, 'how do I opt out?', { callbackId: 'someone_elses_shortcut' });
    // Answer a later question; by then any answer to the first would have been posted.
    const later = await ask(h, 'deadline');
    await h.fake.nthPost(later);
    expect(h.fake.postsTo(hook)).toEqual([]);
    expect(h.coreCalls).toEqual(['deadline']);
  });
});
