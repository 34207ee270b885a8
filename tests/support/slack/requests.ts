// Requests as Slack sends them to an app: signed with the app's signing secret, slash commands and
// interactions as forms, events as JSON. Builders take only what a test varies.
import { createHmac, randomUUID } from 'node:crypto';
import { BOT } from './fake-slack.js';

export const SIGNING_SECRET = 'loopback-signing-secret-for-tests';
export const USER = 'UASKER001';
export const CHANNEL = 'C0CHANNEL1';
export const DM_CHANNEL = 'D0DIRECT01';

export interface Signing {
  /** Sign with this secret instead of the app's (a forged request). */
  secret?: string;
  /** Seconds since the epoch; defaults to now. */
  timestamp?: number;
  /** Send no signature headers at all. */
  unsigned?: boolean;
  /** Mark the request as Slack's n-th redelivery. */
  retryNum?: number;
}

export interface BoltResponse {
  status: number;
  body: string;
}

export interface SlackRequest {
  body: string;
  contentType: string;
}

export function signature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export async function postToBolt(
  url: string,
  request: SlackRequest,
  signing: Signing = {},
): Promise<BoltResponse> {
  const timestamp = signing.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = { 'content-type': request.contentType };
  if (!signing.unsigned) {
    headers['x-slack-request-timestamp'] = String(timestamp);
    headers['x-slack-signature'] = signature(signing.secret ?? SIGNING_SECRET, timestamp, request.body);
  }
  if (signing.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(signing.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  const res = await fetch(url, { method: 'POST', headers, body: request.body });
  return { status: res.status, body: await res.text() };
}

export interface CommandFields {
  text: string;
  responseUrl: string;
  user?: string;
  channel?: string;
  command?: string;
}

export function slashCommand(f: CommandFields): SlackRequest {
  const form = new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: BOT.teamId,
    team_domain: 'loopback',
    channel_id: f.channel ?? CHANNEL,
    channel_name: 'general',
    user_id: f.user ?? USER,
    user_name: 'asker',
    command: f.command ?? '/optout',
    text: f.text,
    api_app_id: 'A0000001',
    is_enterprise_install: 'false',
    response_url: f.responseUrl,
    trigger_id: '1.2.3',
  });
  return { body: form.toString(), contentType: 'application/x-www-form-urlencoded' };
}

/** The payload inside an event callback, as the Socket Mode envelope carries it too. */
export function eventCallback(event: Record<string, unknown>, eventId = `Ev${randomUUID().slice(0, 8)}`) {
  return {
    token: 'deprecated-verification-token',
    team_id: BOT.teamId,
    api_app_id: 'A0000001',
    event: { event_ts: event.ts, ...event },
    type: 'event_callback',
    event_id: eventId,
    event_time: 1_700_000_000,
    authorizations: [
      { team_id: BOT.teamId, user_id: BOT.userId, is_bot: true, is_enterprise_install: false },
    ],
  };
}

export function eventRequest(event: Record<string, unknown>, eventId?: string): SlackRequest {
  return { body: JSON.stringify(eventCallback(event, eventId)), contentType: 'application/json' };
}

let ts = 0;
/** A fresh message timestamp, as Slack gives every message. */
export function nextTs(): string {
  ts += 1;
  return `1700000100.${String(ts).padStart(6, '0')}`;
}

export function mention(text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'app_mention',
    user: USER,
    text: `<@${BOT.userId}> ${text}`,
    ts: nextTs(),
    channel: CHANNEL,
    ...extra,
  };
}

export function directMessage(text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'message',
    channel_type: 'im',
    user: USER,
    text,
    ts: nextTs(),
    channel: DM_CHANNEL,
    ...extra,
  };
}

export interface ClickFields {
  actionId: string;
  value: string;
  responseUrl: string;
  /** Where the clicked message is: an ephemeral reply, a DM, or a message everyone in a channel sees. */
  where: 'ephemeral' | 'dm' | 'channel';
  user?: string;
}

export function blockActionPayload(f: ClickFields): Record<string, unknown> {
  const channel = f.where === 'dm' ? DM_CHANNEL : CHANNEL;
  return {
    type: 'block_actions',
    user: { id: f.user ?? USER, username: 'asker', team_id: BOT.teamId },
    api_app_id: 'A0000001',
    token: 'deprecated-verification-token',
    container: {
      type: 'message',
      message_ts: nextTs(),
      channel_id: channel,
      is_ephemeral: f.where === 'ephemeral',
    },
    trigger_id: '1.2.3',
    team: { id: BOT.teamId, domain: 'loopback' },
    channel: { id: channel, name: f.where === 'dm' ? 'directmessage' : 'general' },
    response_url: f.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: f.actionId,
        block_id: 'b1',
        text: { type: 'plain_text', text: 'clicked' },
        value: f.value,
        action_ts: '1700000200.000001',
      },
    ],
  };
}

export function blockAction(f: ClickFields): SlackRequest {
  const body = new URLSearchParams({ payload: JSON.stringify(blockActionPayload(f)) }).toString();
  return { body, contentType: 'application/x-www-form-urlencoded' };
}

export interface ShortcutFields {
  /** The text of the message the shortcut was used on. */
  text: string;
  /** Where the answer may go; omitted, the payload has none (as the chat.postEphemeral fallback expects). */
  responseUrl?: string;
  callbackId?: string;
  user?: string;
  channel?: string;
}

/** A message shortcut (`message_action`), as Slack sends it when someone picks it from a message's menu. */
export function messageShortcutPayload(f: ShortcutFields): Record<string, unknown> {
  const ts = nextTs();
  return {
    type: 'message_action',
    token: 'deprecated-verification-token',
    action_ts: '1700000300.000001',
    team: { id: BOT.teamId, domain: 'loopback' },
    user: { id: f.user ?? USER, name: 'asker', username: 'asker', team_id: BOT.teamId },
    channel: { id: f.channel ?? CHANNEL, name: 'general' },
    is_enterprise_install: false,
    callback_id: f.callbackId ?? 'ask_about_message',
    trigger_id: '1.2.3',
    message_ts: ts,
    message: { type: 'message', user: 'UOTHER0001', ts, text: f.text },
    ...(f.responseUrl ? { response_url: f.responseUrl } : {}),
  };
}

export function messageShortcut(f: ShortcutFields): SlackRequest {
  const body = new URLSearchParams({ payload: JSON.stringify(messageShortcutPayload(f)) }).toString();
  return { body, contentType: 'application/x-www-form-urlencoded' };
}

/** app_home_opened: someone opened the bot's Home tab (or, with tab 'messages', its Messages tab). */
export function homeOpened(tab: 'home' | 'messages' = 'home', user = USER): Record<string, unknown> {
  return { type: 'app_home_opened', user, channel: DM_CHANNEL, tab, event_ts: nextTs() };
}
