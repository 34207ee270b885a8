// Finding 6: the built `npm start` with Slack over HTTP takes a few thousand mixed good and hostile signed
// requests, then still answers, and its resident memory stays bounded. Everything on 127.0.0.1.
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type MainProcess, SlackStandIn, startMain } from '../support/bot-child.js';

const SECRET = 'soak-signing-secret';
const TOTAL = 3000;
// Bolt holds a request no listener handles (a JSON array, an event_callback without an event, an empty
// form) for about 3 s before its 404, so those share one slot in 15 and enough requests run at once.
const CONCURRENCY = 48;
const dir = mkdtempSync(join(tmpdir(), 'optout-soak-'));
let main: MainProcess | undefined;
let slack: SlackStandIn | undefined;
afterAll(async () => {
  if (main && main.child.exitCode === null) {
    const child = main.child;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await main.exited;
    clearTimeout(timer);
  }
  await slack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface Req {
  kind: string;
  body: string;
  type: string;
  sign?: 'good' | 'forged' | 'stale' | 'none';
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

function command(i: number, text: string, hooks: string): Req {
  return {
    kind: 'command',
    type: 'application/x-www-form-urlencoded',
    body: form({
      team_id: 'T1',
      channel_id: `C${i % 50}`,
      user_id: `U${i}`,
      command: '/optout',
      text,
      response_url: `${hooks}/hooks/${i}`,
      trigger_id: '1.2.3',
      api_app_id: 'A1',
    }),
  };
}

function mention(i: number, text: string): Req {
  return {
    kind: 'mention',
    type: 'application/json',
    body: JSON.stringify({
      type: 'event_callback',
      team_id: 'T1',
      api_app_id: 'A1',
      event_id: `Ev${randomUUID()}`,
      event_time: 1_700_000_000,
      event: {
        type: 'app_mention',
        user: `U${i}`,
        text: `<@UBOT> ${text}`,
        ts: `1700000100.${i}`,
        // Spread over channels as real traffic is: one channel's reply queue is bounded (20 waiting), so
        // thousands of mentions in a single channel would be shed by design.
        channel: `C${i % 50}`,
      },
      authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true }],
    }),
  };
}

/** The i-th request of the soak: about a third good, the rest hostile in many shapes. */
function request(i: number, hooks: string): Req {
  const json = (kind: string, body: string): Req => ({ kind, body, type: 'application/json' });
  switch (i % 15) {
    case 0:
      return command(i, 'are my DMs used for AI training?', hooks);
    case 1:
      return mention(i, 'how do I opt out');
    case 2:
      return json('url_verification', JSON.stringify({ type: 'url_verification', challenge: `c${i}` }));
    case 3:
      return { ...command(i, 'x', hooks), kind: 'forged', sign: 'forged' };
    case 4:
      return { ...mention(i, 'hi'), kind: 'stale', sign: 'stale' };
    case 5:
      return { ...mention(i, 'hi'), kind: 'unsigned', sign: 'none' };
    // Depends on the Slack adapter's fix for a JSON `null` body (in progress on the Slack branch).
    case 6:
      return json('null', 'null');
    case 7: {
      const slow = [json('array', '[1,2,3]'), json('no event', JSON.stringify({ type: 'event_callback' }))];
      return (
        slow[Math.floor(i / 15) % 3] ?? {
          kind: 'empty form',
          type: 'application/x-www-form-urlencoded',
          body: '',
        }
      );
    }
    case 8:
      return json('truncated', '{"type":"event_callback","event":');
    case 9:
      return json('not json', 'definitely not json');
    case 10:
      return json('event null', JSON.stringify({ type: 'event_callback', event_id: `Ev${i}`, event: null }));
    case 11:
      return {
        kind: 'bad payload',
        type: 'application/x-www-form-urlencoded',
        body: form({ payload: '{nope' }),
      };
    case 12:
      return command(i, 'é'.repeat(20_000), hooks);
    case 13:
      return { ...command(i, 'how do I opt out', hooks), kind: 'wrong type', type: 'text/plain' };
    default:
      return json(
        'big',
        JSON.stringify({ type: 'event_callback', event: { type: 'app_mention', text: 'a'.repeat(200_000) } }),
      );
  }
}

async function send(port: number, r: Req): Promise<number> {
  return (await sendForBody(port, r)).status;
}

async function sendForBody(port: number, r: Req): Promise<{ status: number; body: string }> {
  const now = Math.floor(Date.now() / 1000);
  const ts = r.sign === 'stale' ? now - 3600 : now;
  const secret = r.sign === 'forged' ? 'not-the-secret' : SECRET;
  const headers: Record<string, string> = { 'content-type': r.type };
  if (r.sign !== 'none') {
    headers['x-slack-request-timestamp'] = String(ts);
    headers['x-slack-signature'] =
      `v0=${createHmac('sha256', secret).update(`v0:${ts}:${r.body}`).digest('hex')}`;
  }
  const res = await fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: 'POST',
    headers,
    body: r.body,
    signal: AbortSignal.timeout(10_000),
  });
  return { status: res.status, body: await res.text() };
}

const rssKb = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);

describe('soak: npm start with Slack over HTTP', () => {
  it(`takes ${TOTAL} mixed good and hostile signed requests, keeps answering, and RSS stays < 250 MB`, async () => {
    slack = await new SlackStandIn().start();
    main = startMain({
      SLACK_BOT_TOKEN: 'xoxb-soak-1-2',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_PATH: join(dir, 'soak.sqlite'),
    });
    const started = await main.logged('slack adapter started').catch(() => undefined);
    expect(started, main.stderr()).toBeDefined();
    const port = Number(started?.port);
    const pid = main.child.pid ?? 0;
    const hooks = `http://127.0.0.1:${slack.port}`;
    const statuses = new Map<string, Map<number | string, number>>();
    const began = Date.now();
    let next = 0;
    const worker = async () => {
      while (next < TOTAL) {
        const r = request(next++, hooks);
        const status = await send(port, r).catch((err: Error) => `error: ${err.name}`);
        const byKind = statuses.get(r.kind) ?? new Map();
        byKind.set(status, (byKind.get(status) ?? 0) + 1);
        statuses.set(r.kind, byKind);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = (Date.now() - began) / 1000;
    const summary = Object.fromEntries([...statuses].map(([k, v]) => [k, Object.fromEntries(v)]));

    expect(main.child.exitCode, `the bot exited; stderr:\n${main.stderr().slice(-2000)}`).toBeNull();
    expect(seconds, JSON.stringify(summary)).toBeLessThan(60);
    // Every request got an HTTP answer (no dropped connections), forged and stale ones a 401.
    for (const [kind, byStatus] of statuses)
      for (const status of byStatus.keys())
        expect(typeof status, `${kind}: ${JSON.stringify(summary)}`).toBe('number');
    for (const kind of ['forged', 'stale', 'unsigned'])
      expect(Object.keys(summary[kind] ?? {})).toEqual(['401']);
    expect(Object.keys(summary.command ?? {})).toEqual(['200']);

    // Still answers: a good command gets its answer, and /healthz is there.
    const after = await sendForBody(port, command(999_999, 'how do I opt out', hooks));
    expect(after.status).toBe(200);
    expect(after.body).toContain('data-for-ai-improvement');
    // The mentions were answered through the Web API stand-in.
    expect(slack.calls.filter((m) => m === 'chat.postMessage').length).toBeGreaterThan(100);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    const rss = rssKb(pid);
    expect(rss, `RSS ${rss} kB after ${TOTAL} requests in ${seconds}s`).toBeLessThan(250 * 1024);
  }, 90_000);
});
