// Mentions and direct messages end to end: signed event callbacks into Bolt, replies read from the Web
// API calls the stand-in recorded. "No reply" is proven by answering a later question and finding only it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COOLDOWN_NOTICE } from '../../../src/core/cooldown.js';
import { BOT } from '../../support/slack/fake-slack.js';
import { type Harness, startHarness, textsIn } from '../../support/slack/harness.js';
import {
  CHANNEL,
  DM_CHANNEL,
  directMessage,
  eventRequest,
  mention,
  USER,
} from '../../support/slack/requests.js';

const CONTROL_CHANNEL = 'D0CONTROL1';

/**
 * Ask a control question in its own DM and wait for its answer. Events sent earlier were acknowledged
 * before it was sent, and their replies would have been posted before its answer; so once it is in, every
 * reply those events would ever get is in too. Returns all replies posted so far.
 */
async function settle(h: Harness) {
  const controls = () => h.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === CONTROL_CHANNEL);
  const before = controls().length;
  await h.send(eventRequest(directMessage('deadline', { channel: CONTROL_CHANNEL, user: 'UCONTROL01' })));
  await h.fake.waitFor('the control answer', () => controls()[before]);
  return h.fake.callsTo('chat.postMessage');
}

describe('mentions and direct messages', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('answers an @mention in a thread under the question, without link previews', async () => {
    const event = mention('what data does linkedin use for ai');
    expect((await h.send(eventRequest(event))).status).toBe(200);
    const { args } = await h.fake.nthCall('chat.postMessage');

    const expected = h.bot.ask('what data does linkedin use for ai');
    expect(args).toMatchObject({ channel: CHANNEL, thread_ts: event.ts, unfurl_links: 'false' });
    expect(textsIn(args.blocks)).toContain(expected.title);
    expect(String(args.text)).toContain(expected.title);
  });

  it('answers an @mention inside a thread in that thread', async () => {
    const event = mention('deadline', { thread_ts: '1700000000.000001' });
    await h.send(eventRequest(event));
    const { args } = await h.fake.nthCall('chat.postMessage');
    expect(args.thread_ts).toBe('1700000000.000001');
    expect(textsIn(args.blocks)).toContain(h.bot.deadline().title);
  });

  it('answers a bare @mention with the opt-out steps', async () => {
    await h.send(eventRequest({ ...mention(''), text: `<@${BOT.userId}>` }));
    const { args } = await h.fake.nthCall('chat.postMessage');
    expect(textsIn(args.blocks)).toContain(h.bot.optOut().title);
  });

  it('answers a direct message in the DM, not in a thread', async () => {
    await h.send(eventRequest(directMessage('is it too late to opt out')));
    const { args } = await h.fake.nthCall('chat.postMessage');
    expect(args.channel).toBe(DM_CHANNEL);
    expect(args.thread_ts).toBeUndefined();
    expect(textsIn(args.blocks)).toContain(h.bot.ask('is it too late to opt out').title);
  });

  it('replies once to an event Slack redelivers with X-Slack-Retry-Num', async () => {
    const request = eventRequest(directMessage('how do I opt out'), 'EvREDELIVER1');
    expect((await h.send(request)).status).toBe(200);
    expect((await h.send(request, { retryNum: 1 })).status).toBe(200);
    expect((await h.send(request, { retryNum: 2 })).status).toBe(200);
    const replies = await settle(h);
    expect(replies).toHaveLength(2);
    expect(textsIn(replies[0]?.args.blocks)).toContain(h.bot.ask('how do I opt out').title);
  });

  it('does not answer a redelivery of an event it never saw, which may have been answered before a restart', async () => {
    await h.send(eventRequest(directMessage('how do I opt out'), 'EvBEFORERESTART'), { retryNum: 1 });
    expect(await settle(h)).toHaveLength(1);
  });

  it('replies once to the same event id delivered twice without a retry header', async () => {
    const request = eventRequest(directMessage('how do I opt out'), 'EvTWICE00001');
    await h.send(request);
    await h.send(request);
    expect(await settle(h)).toHaveLength(2);
  });

  const ignored: Array<[string, Record<string, unknown>]> = [
    ['its own message', directMessage('how do I opt out', { user: BOT.userId, bot_id: BOT.botId })],
    [
      'another bot’s post',
      directMessage('how do I opt out', { subtype: 'bot_message', bot_id: 'BOTHER01', user: undefined }),
    ],
    ['a bot user’s message', directMessage('how do I opt out', { bot_id: 'BOTHER01' })],
    [
      'an edit',
      directMessage('', {
        subtype: 'message_changed',
        message: { type: 'message', user: USER, text: 'how do I opt out', ts: '1700000000.000009' },
        user: undefined,
      }),
    ],
    ['a join', directMessage(`<@${USER}> has joined the channel`, { subtype: 'channel_join' })],
    [
      'a channel message that is no DM',
      directMessage('how do I opt out', { channel_type: 'channel', channel: CHANNEL }),
    ],
    [
      'an @mention in a DM, which the DM handler answers',
      mention('how do I opt out', { channel: DM_CHANNEL }),
    ],
    ['a bot’s @mention', mention('how do I opt out', { bot_id: 'BOTHER01' })],
    ['an edited @mention', mention('how do I opt out', { edited: { user: USER, ts: '1700000000.000010' } })],
  ];

  it.each(ignored)('does not reply to %s', async (_, event) => {
    expect((await h.send(eventRequest(event))).status).toBe(200);
    const replies = await settle(h);
    expect(replies).toHaveLength(1);
    expect(h.coreCalls).toEqual(['deadline']);
  });

  it('answers a flood of mentions with one private notice, then nothing', async () => {
    for (let i = 0; i < 7; i++) await h.send(eventRequest(mention('deadline')));
    // A different person is answered; the flooding one, now in a DM, still is not.
    await h.send(eventRequest(mention('deadline', { user: 'UOTHER002' })));
    await h.send(eventRequest(directMessage('deadline')));
    expect(await settle(h)).toHaveLength(5 + 1 + 1);
    expect(h.fake.callsTo('chat.postEphemeral').map((c) => c.args)).toEqual([
      expect.objectContaining({ channel: CHANNEL, user: USER, text: COOLDOWN_NOTICE }),
    ]);

    h.clock.advance(10_001);
    await h.send(eventRequest(directMessage('deadline')));
    const replies = await settle(h);
    expect(replies).toHaveLength(9);
    expect(replies[7]?.args.channel).toBe(DM_CHANNEL);
  });

  it('never turns text in a mention into a ping in the reply', async () => {
    await h.send(eventRequest(mention('<!channel> &lt;!here&gt; <@U0OTHER1> what about &lt;!everyone&gt;?')));
    const { args } = await h.fake.nthCall('chat.postMessage');
    for (const text of [String(args.text), ...textsIn(args.blocks)]) {
      expect(text).not.toMatch(/<(!channel|!here|!everyone|@|!subteam)/);
    }
  });
});
