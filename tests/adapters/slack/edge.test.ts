// Signed requests that are valid HTTP but not valid Slack: each is answered and dropped at the edge, and the
// process keeps answering. Before the edge check, a signed `null` body crashed Node inside Bolt's receiver.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../support/slack/harness.js';
import { directMessage, eventRequest } from '../../support/slack/requests.js';

const json = (body: string) => ({ body, contentType: 'application/json' });
const form = (payload: string) => ({
  body: new URLSearchParams({ payload }).toString(),
  contentType: 'application/x-www-form-urlencoded',
});

const hostile = [
  ['JSON null', json('null')],
  ['JSON array', json('[]')],
  ['JSON number', json('1')],
  ['JSON string', json('"x"')],
  ['JSON true', json('true')],
  ['form payload=null', form('null')],
  ['form payload=[]', form('[]')],
  ['form payload=1', form('1')],
  ['form payload="x"', form('"x"')],
  ['broken JSON', json('{"type":')],
] as const;

describe('the request edge', () => {
  let h: Harness;
  const unhandled: unknown[] = [];
  const record = (reason: unknown) => unhandled.push(reason);
  beforeEach(async () => {
    unhandled.length = 0;
    process.on('unhandledRejection', record);
    process.on('uncaughtException', record);
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
    process.off('unhandledRejection', record);
    process.off('uncaughtException', record);
  });

  it.each(hostile)('answers a signed %s with 400 and keeps answering', async (_, request) => {
    const res = await h.send(request);
    expect(res.status).toBe(400);
    // The same process still answers a real question.
    expect((await h.send(eventRequest(directMessage('deadline')))).status).toBe(200);
    await h.fake.nthCall('chat.postMessage');
    expect(unhandled).toEqual([]);
    expect(h.coreCalls).toEqual(['deadline']);
    expect(h.logger.lines).toContainEqual(
      expect.objectContaining({ level: 'warn', msg: 'slack.request_rejected', status: 400 }),
    );
  });

  it('acknowledges a signed event callback with no event (which Bolt cannot route) and keeps answering', async () => {
    const res = await h.send(json(JSON.stringify({ type: 'event_callback', team_id: 'T0000001' })));
    expect(res.status).toBe(200);
    expect((await h.send(eventRequest(directMessage('deadline')))).status).toBe(200);
    await h.fake.nthCall('chat.postMessage');
    expect(unhandled).toEqual([]);
    expect(h.logger.lines).toContainEqual(
      expect.objectContaining({ level: 'debug', msg: 'slack.unhandled', type: 'event_callback' }),
    );
  });

  it('answers an unsigned hostile body with 401, not 400: the signature is checked first', async () => {
    const res = await h.send(json('null'), { unsigned: true });
    expect(res.status).toBe(401);
    expect(unhandled).toEqual([]);
  });

  it('logs no part of a rejected body', async () => {
    await h.send(json('"xoxb-secret-looking-user-text"'));
    expect(JSON.stringify(h.logger.lines)).not.toContain('secret-looking');
  });

  it('rejects a request signed more than 5 minutes in the future with 401', async () => {
    const future = Math.floor(Date.now() / 1000) + 6 * 60;
    const res = await h.send(eventRequest(directMessage('deadline')), { timestamp: future });
    expect(res.status).toBe(401);
    expect(h.coreCalls).toEqual([]);
    expect(h.logger.lines).toContainEqual(
      expect.objectContaining({ msg: 'slack.request_rejected', reason: 'timestamp_out_of_window' }),
    );
  });

  it('accepts a request signed a little in the future (clock skew within 5 minutes)', async () => {
    const soon = Math.floor(Date.now() / 1000) + 60;
    const res = await h.send(eventRequest(directMessage('deadline')), { timestamp: soon });
    expect(res.status).toBe(200);
    await h.fake.nthCall('chat.postMessage');
  });
});

describe('malformed requests over Socket Mode', () => {
  let h: Harness;
  const unhandled: unknown[] = [];
  const record = (reason: unknown) => unhandled.push(reason);
  beforeEach(async () => {
    unhandled.length = 0;
    process.on('unhandledRejection', record);
    h = await startHarness({ mode: 'socket' });
  });
  afterEach(async () => {
    await h.close();
    process.off('unhandledRejection', record);
  });

  it.each([
    ['a null payload', null],
    ['an array payload', []],
    ['a string payload', 'x'],
    ['an event callback without an event', { type: 'event_callback', team_id: 'T0000001' }],
  ])('drops %s without a crash, and keeps answering', async (_, payload) => {
    // Not acknowledged (see socket-edge.ts): the stand-in gives up waiting for the ack.
    await expect(h.fake.sendEnvelope('events_api', payload)).rejects.toThrow(/not acknowledged/);
    const ack = await h.fake.sendEnvelope('slash_commands', {
      command: '/optout',
      text: 'deadline',
      user_id: 'UASKER001',
      channel_id: 'C0CHANNEL1',
      team_id: 'T0000001',
      response_url: h.fake.responseUrl('cmd'),
    });
    expect(ack).toMatchObject({ response_type: 'ephemeral' });
    expect(unhandled).toEqual([]);
    expect(h.logger.lines).toContainEqual(
      expect.objectContaining({ level: 'warn', msg: 'slack.request_rejected', receiver: 'socket' }),
    );
  });
});
