// Bolt's HTTP receiver as the adapter configures it: request signatures, the health route, and start-up
// against a token Slack rejects.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APP_TOKEN, BOT_TOKEN, type Harness, startHarness } from '../../support/slack/harness.js';
import { directMessage, eventRequest, slashCommand } from '../../support/slack/requests.js';

describe('the HTTP receiver', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  const forged = [
    ['signed with the wrong secret', { secret: 'not-the-signing-secret' }],
    ['not signed at all', { unsigned: true }],
    ['signed over 5 minutes ago', { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 }],
  ] as const;

  it.each(forged)('rejects a slash command %s with 401 before it reaches the core', async (_, signing) => {
    const res = await h.send(
      slashCommand({ text: 'deadline', responseUrl: h.fake.responseUrl('x') }),
      signing,
    );
    expect(res.status).toBe(401);
    expect(res.body).toBe('');
    expect(h.coreCalls).toEqual([]);
  });

  it.each(forged)('rejects an event %s with 401 and posts nothing', async (_, signing) => {
    const res = await h.send(eventRequest(directMessage('how do I opt out')), signing);
    expect(res.status).toBe(401);
    // A correctly signed request afterwards is answered: the rejection was about the signature alone.
    expect((await h.send(eventRequest(directMessage('how do I opt out')))).status).toBe(200);
    await h.fake.nthCall('chat.postMessage');
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(h.coreCalls).toEqual(['ask']);
  });

  it('answers GET /healthz for load balancers and probes', async () => {
    const res = await fetch(h.url('/healthz'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('answers Slack’s URL verification with the challenge', async () => {
    const body = JSON.stringify({ type: 'url_verification', challenge: 'c-123', token: 'deprecated' });
    const res = await h.send({ body, contentType: 'application/json' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ challenge: 'c-123' });
  });

  it('calls the Web API with the bot token it was given', async () => {
    await h.send(eventRequest(directMessage('hello')));
    const call = await h.fake.nthCall('chat.postMessage');
    expect(call.authorization).toBe(`Bearer ${BOT_TOKEN}`);
  });
});

describe('start-up', () => {
  it('fails naming SLACK_BOT_TOKEN, and not its value, when Slack rejects the token', async () => {
    const start = startHarness({
      prepare: (fake) => fake.answer('auth.test', { ok: false, error: 'invalid_auth' }),
    });
    await expect(start).rejects.toThrow(/SLACK_BOT_TOKEN.*invalid_auth/);
    await expect(start).rejects.not.toThrow(BOT_TOKEN);
  });

  it('fails naming SLACK_APP_TOKEN when Slack refuses a Socket Mode connection', async () => {
    const start = startHarness({
      mode: 'socket',
      prepare: (fake) => fake.answer('apps.connections.open', { ok: false, error: 'invalid_auth' }),
    });
    await expect(start).rejects.toThrow(/SLACK_APP_TOKEN.*invalid_auth/);
    await expect(start).rejects.not.toThrow(APP_TOKEN);
  });
});
