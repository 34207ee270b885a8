// Socket Mode end to end: the adapter opens its connection through apps.connections.open on the stand-in,
// which then pushes envelopes over a loopback WebSocket as Slack does.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APP_TOKEN, buttonsIn, type Harness, startHarness, textsIn } from '../../support/slack/harness.js';
import { blockActionPayload, CHANNEL, eventCallback, mention } from '../../support/slack/requests.js';

describe('Socket Mode', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ mode: 'socket' });
  });
  afterEach(async () => {
    await h.close();
  });

  it('connects with the app-level token and serves no HTTP port', async () => {
    const open = await h.fake.nthCall('apps.connections.open');
    expect(open.authorization).toBe(`Bearer ${APP_TOKEN}`);
    expect(h.fake.socketCount).toBe(1);
    expect(h.slack.port).toBeUndefined();
  });

  it('answers a slash command in the envelope acknowledgement', async () => {
    const ack = await h.fake.sendEnvelope('slash_commands', {
      command: '/optout',
      text: 'deadline',
      user_id: 'UASKER001',
      channel_id: CHANNEL,
      team_id: 'T0000001',
      response_url: h.fake.responseUrl('cmd'),
    });
    expect(ack).toMatchObject({ response_type: 'ephemeral' });
    expect(textsIn(ack.blocks)).toContain(h.bot.deadline().title);
    expect(buttonsIn(ack.blocks).map((b) => b.action_id)).toContain('share');
  });

  it('answers a mention once, even when Slack redelivers it', async () => {
    const callback = eventCallback(mention('is it too late'), 'EvSOCKET0001');
    expect(await h.fake.sendEnvelope('events_api', callback)).toEqual({});
    expect(await h.fake.sendEnvelope('events_api', callback, 1)).toEqual({});
    const { args } = await h.fake.nthCall('chat.postMessage');
    expect(textsIn(args.blocks)).toContain(h.bot.ask('is it too late').title);

    // A later question in another channel is answered; by then a second reply to the first would be in.
    await h.fake.sendEnvelope('events_api', eventCallback(mention('deadline', { channel: 'C0CONTROL1' })));
    await h.fake.waitFor('the later answer', () =>
      h.fake.callsTo('chat.postMessage').find((c) => c.args.channel === 'C0CONTROL1'),
    );
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(2);
  });

  it('shares an answer through the click’s response_url', async () => {
    const value = JSON.stringify({ kind: 'deadline' });
    const payload = blockActionPayload({
      actionId: 'share',
      value,
      where: 'ephemeral',
      responseUrl: h.fake.responseUrl('s'),
    });
    await h.fake.sendEnvelope('interactive', payload);
    const { body } = await h.fake.nthPost('s');
    expect(body).toMatchObject({ response_type: 'in_channel' });
    expect(textsIn(body.blocks)).toContain(h.bot.deadline().title);
  });

  it('stop() closes the connection and can be called twice', async () => {
    await h.slack.stop();
    await h.slack.stop();
    await h.fake.waitFor('the socket to close', () => (h.fake.socketCount === 0 ? true : undefined));
  });
});
