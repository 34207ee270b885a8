// Signed requests no listener handles: Slack shows the user an error (and retries events) unless each is
// acknowledged within 3 seconds. Before the fix Bolt left them unanswered until its 3-second timer said 404.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BOT } from '../../support/slack/fake-slack.js';
import { type Harness, startHarness, textsIn } from '../../support/slack/harness.js';
import {
  CHANNEL,
  eventRequest,
  type SlackRequest,
  slashCommand,
  USER,
} from '../../support/slack/requests.js';

const team = { id: BOT.teamId, domain: 'loopback' };
const user = { id: USER, username: 'asker', team_id: BOT.teamId };
const interactive = (payload: Record<string, unknown>): SlackRequest => ({
  body: new URLSearchParams({
    payload: JSON.stringify({ api_app_id: 'A0000001', token: 'deprecated', team, user, ...payload }),
  }).toString(),
  contentType: 'application/x-www-form-urlencoded',
});
const action = (element: Record<string, unknown>) =>
  interactive({
    type: 'block_actions',
    trigger_id: '1.2.3',
    channel: { id: CHANNEL, name: 'general' },
    container: { type: 'message', message_ts: '1700000000.000001', channel_id: CHANNEL },
    actions: [{ block_id: 'b1', action_ts: '1700000200.000001', ...element }],
  });
const view = { id: 'V0000001', type: 'modal', callback_id: 'unknown_view', state: { values: {} } };
const withoutText = (command: string): SlackRequest => {
  const form = new URLSearchParams(
    slashCommand({ text: '', responseUrl: 'http://127.0.0.1:1/x', command }).body,
  );
  form.delete('text');
  return { body: form.toString(), contentType: 'application/x-www-form-urlencoded' };
};
const event = (e: Record<string, unknown>) => eventRequest({ ts: '1700000000.000002', ...e });
const topLevel = (body: Record<string, unknown>): SlackRequest => ({
  body: JSON.stringify({ token: 'deprecated', team_id: BOT.teamId, api_app_id: 'A0000001', ...body }),
  contentType: 'application/json',
});

const kinds: Array<[string, SlackRequest]> = [
  ['a button with an unknown action id', action({ type: 'button', action_id: 'nope', value: 'v' })],
  ['a select with an unknown action id', action({ type: 'static_select', action_id: 'pick' })],
  ['an overflow menu click', action({ type: 'overflow', action_id: 'more' })],
  ['a date picker change', action({ type: 'datepicker', action_id: 'day' })],
  ['a checkbox change', action({ type: 'checkboxes', action_id: 'tick' })],
  ['a global shortcut', interactive({ type: 'shortcut', callback_id: 'sc', trigger_id: '1.2.3' })],
  [
    'a message shortcut',
    interactive({
      type: 'message_action',
      callback_id: 'msc',
      trigger_id: '1.2.3',
      channel: { id: CHANNEL, name: 'general' },
      message: { type: 'message', ts: '1700000000.000001', text: 'hi' },
      message_ts: '1700000000.000001',
      response_url: 'http://127.0.0.1:1/x',
    }),
  ],
  ['a view submission', interactive({ type: 'view_submission', view })],
  ['a view closed', interactive({ type: 'view_closed', view, is_cleared: false })],
  [
    'a block suggestion',
    interactive({ type: 'block_suggestion', action_id: 'find', block_id: 'b', value: 'x' }),
  ],
  [
    'a legacy attachment button',
    interactive({
      type: 'interactive_message',
      callback_id: 'legacy',
      channel: { id: CHANNEL, name: 'general' },
      actions: [{ name: 'n', type: 'button', value: 'v' }],
      response_url: 'http://127.0.0.1:1/x',
    }),
  ],
  [
    'a dialog submission',
    interactive({ type: 'dialog_submission', callback_id: 'd', channel: { id: CHANNEL }, submission: {} }),
  ],
  [
    'a dialog cancellation',
    interactive({ type: 'dialog_cancellation', callback_id: 'd', channel: { id: CHANNEL } }),
  ],
  ['a dialog suggestion', interactive({ type: 'dialog_suggestion', callback_id: 'd', value: 'x' })],
  ['/optout without a text field', withoutText('/optout')],
  ['a renamed command without a text field', withoutText('/ai-optout')],
  ['an unknown command without a text field', withoutText('/weather')],
  ['a reaction', event({ type: 'reaction_added', user: USER, reaction: 'x', item: { type: 'message' } })],
  ['a member joining', event({ type: 'member_joined_channel', user: USER, channel: CHANNEL })],
  [
    'the app home opening',
    event({ type: 'app_home_opened', user: USER, channel: 'D0HOME0001', tab: 'home' }),
  ],
  ['a channel message', event({ type: 'message', channel_type: 'channel', channel: CHANNEL, user: USER })],
  ['a channel rename', event({ type: 'channel_rename', channel: { id: CHANNEL, name: 'x', created: 1 } })],
  ['a new kind of event', event({ type: 'something_slack_adds_later' })],
  ['an app_rate_limited notice', topLevel({ type: 'app_rate_limited', minute_rate_limited: 1_700_000_000 })],
  ['an unknown top-level type', topLevel({ type: 'something_new' })],
  ['an object with no type', topLevel({})],
];

describe('requests no listener handles', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it.each(kinds)('acknowledges %s within 1 s', async (_, request) => {
    const started = Date.now();
    const res = await h.send(request);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(res.status).toBe(200);
    if (res.body) expect(JSON.parse(res.body)).toMatchObject({ response_type: 'ephemeral' });
  });

  it('logs what it acknowledged by type, at debug', async () => {
    await h.send(interactive({ type: 'view_closed', view, is_cleared: false }));
    expect(h.logger.lines).toContainEqual(
      expect.objectContaining({ level: 'debug', msg: 'slack.unhandled', type: 'view_closed' }),
    );
  });

  it('answers a slash command without a text field as an empty one: the opt-out steps', async () => {
    const res = await h.send(withoutText('/optout'));
    expect(res.status).toBe(200);
    expect(textsIn(JSON.parse(res.body).blocks)).toContain(h.bot.optOut().title);
  });
});
