// Replies against a Web API that hangs or rate-limits one channel: other channels are answered at once, the
// troubled channel recovers when Slack does, and no global queue stays wedged. Before the fix the client
// had no timeout and one queue of 100 calls for everything, and a 429 paused that queue for all channels.
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, type HarnessOptions, logLine, startHarness } from '../../support/slack/harness.js';
import { eventRequest, mention } from '../../support/slack/requests.js';

const A = 'C0SLOWAAA1';
const B = 'C0FASTBBB1';
const HANG = { delayMs: 60_000 };

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function start(opts: HarnessOptions = {}): Promise<Harness> {
  // Many questions from many people: the flood limit is not what these tests are about.
  h = await startHarness({ cooldown: { limit: 10_000, windowMs: 1000 }, ...opts });
  return h;
}

let asker = 0;
function ask(harness: Harness, channel: string) {
  asker += 1;
  const user = `UASK${String(asker).padStart(5, '0')}`;
  return harness.send(eventRequest(mention('deadline', { channel, user })));
}

const repliesIn = (harness: Harness, channel: string) =>
  harness.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === channel);

function replyIn(harness: Harness, channel: string, n: number, timeoutMs: number) {
  return harness.fake.waitFor(
    `reply ${n} in ${channel}`,
    () => repliesIn(harness, channel)[n - 1],
    timeoutMs,
  );
}

describe('replies when the Web API misbehaves in one channel', () => {
  it('answers another channel at once while over 100 replies hang in one, and recovers after', async () => {
    const harness = await start({ tuning: { webApiTimeoutMs: 300 } });
    const hung = 110;
    harness.fake.script('chat.postMessage', A, ...Array.from({ length: hung }, () => HANG));
    for (let i = 0; i < hung; i += 1) expect((await ask(harness, A)).status).toBe(200);
    await replyIn(harness, A, 1, 2000);

    const asked = Date.now();
    await ask(harness, B);
    await replyIn(harness, B, 1, 2000);
    expect(Date.now() - asked).toBeLessThan(2000);

    // Slack recovers: a later question in the troubled channel is answered too.
    harness.fake.unscript('chat.postMessage', A);
    const before = repliesIn(harness, A).length;
    await ask(harness, A);
    const answered = await harness.fake.waitFor(
      'an answer in the recovered channel',
      () => repliesIn(harness, A).find((c, i) => i >= before && c.args.blocks !== undefined),
      5000,
    );
    expect(answered.args.channel).toBe(A);
    // Replies that could not even queue were dropped and logged by code, not left waiting.
    expect(harness.logger.lines).toContainEqual(
      expect.objectContaining({ msg: 'slack.handler_failed', code: 'slack_reply_queue_full' }),
    );
  });

  it('keeps other channels answered while one channel is rate-limited for 120 s', async () => {
    const harness = await start();
    harness.fake.script('chat.postMessage', A, { status: 429, headers: { 'retry-after': '120' } });
    await ask(harness, A);
    await replyIn(harness, A, 1, 2000);
    const dropped = (l: Record<string, unknown>) =>
      l.msg === 'slack.handler_failed' && l.code === 'slack_reply_rate_limited';
    const firstDrop = await logLine(harness, dropped);

    const asked = Date.now();
    await ask(harness, B);
    await replyIn(harness, B, 1, 2000);
    expect(Date.now() - asked).toBeLessThan(2000);

    // Slack asked for two minutes of quiet in A: a reply there is dropped, not sent or held for minutes.
    await ask(harness, A);
    await logLine(harness, (l) => dropped(l) && l !== firstDrop);
    expect(repliesIn(harness, A)).toHaveLength(1);
    await ask(harness, B);
    await replyIn(harness, B, 2, 2000);
  });

  it('waits out a short Retry-After in that channel and then posts the reply', async () => {
    const harness = await start();
    harness.fake.script('chat.postMessage', A, { status: 429, headers: { 'retry-after': '1' } });
    await ask(harness, A);
    const first = await replyIn(harness, A, 1, 2000);
    const second = await replyIn(harness, A, 2, 4000);
    expect(second.at - first.at).toBeGreaterThanOrEqual(950);
    expect(second.args.blocks).toBeDefined();
  });

  it('retries a 5xx a bounded number of times with backoff', async () => {
    const harness = await start({
      tuning: { reply: { retries: 2, backoffMs: 50, maxRetryAfterSec: 30, maxQueued: 20 } },
    });
    harness.fake.script(
      'chat.postMessage',
      A,
      { status: 503 },
      { status: 503 },
      { status: 503 },
      { status: 503 },
    );
    await ask(harness, A);
    await replyIn(harness, A, 3, 3000);
    await logLine(harness, (l) => l.msg === 'slack.handler_failed');
    // One attempt and two retries, then the error; no fourth call.
    expect(repliesIn(harness, A)).toHaveLength(3);
    expect(harness.logger.lines.filter((l) => l.msg === 'slack.reply_retry')).toHaveLength(2);
  });

  it('does not retry a timed-out post, which may have landed', async () => {
    const harness = await start({ tuning: { webApiTimeoutMs: 200 } });
    harness.fake.script('chat.postMessage', A, HANG);
    await ask(harness, A);
    const failed = await logLine(harness, (l) => l.msg === 'slack.handler_failed');
    expect(failed.code).toBe('slack_webapi_request_error');
    expect(repliesIn(harness, A)).toHaveLength(1);
  });

  it('frees the client’s shared slots when hung calls time out', async () => {
    const harness = await start({ tuning: { webApiTimeoutMs: 300, maxConcurrency: 2 } });
    for (const channel of ['C0HUNG0001', 'C0HUNG0002', 'C0HUNG0003']) {
      harness.fake.script('chat.postMessage', channel, HANG);
      await ask(harness, channel);
    }
    await ask(harness, B);
    await replyIn(harness, B, 1, 2000);
  });
});
