// Two real bot processes (the built `npm start`) behind an imaginary load balancer, sharing one PostgreSQL
// through DATABASE_URL: Slack's signed events go to Bolt's real HTTP receiver in each, and every reply is
// read at the loopback Slack stand-in. A redelivered event is answered once whichever host gets which
// delivery, a user flooding both hosts hits one limit, and a database that disappears does not stop
// answers: each process logs the outage once, with its code.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { COOLDOWN_NOTICE } from '../../src/core/index.js';
import { type MainProcess, startMain } from '../support/bot-child.js';
import { createDatabase, describePostgres, type TestDatabase } from '../support/postgres/database.js';
import { FakeSlack } from '../support/slack/fake-slack.js';
import {
  directMessage,
  eventRequest,
  postToBolt,
  SIGNING_SECRET,
  type Signing,
} from '../support/slack/requests.js';

const STATE_SECRET = 'process-test-state-secret-0123456789abcdef';
/** One line for each event delivery a host finished with: answered, refused by the cooldown, or dropped. */
const OUTCOMES = new Set(['slack.reply', 'slack.cooldown', 'slack.redelivery_skipped']);

interface Host {
  main: MainProcess;
  url: string;
}

function logLines(main: MainProcess): Array<Record<string, unknown>> {
  return main
    .stderr()
    .split('\n')
    .flatMap((line) => {
      try {
        const parsed: unknown = JSON.parse(line);
        return typeof parsed === 'object' && parsed !== null ? [{ ...parsed }] : [];
      } catch {
        return [];
      }
    });
}

const outcomes = (host: Host) => logLines(host.main).filter((l) => OUTCOMES.has(String(l.msg)));

/** Polls `ok` (the children's logs arrive on their own schedule) until it holds or the time is up. */
async function until(what: string, ok: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describePostgres('two bot processes sharing one Postgres', () => {
  let fake: FakeSlack;
  let db: TestDatabase;
  let dir: string;
  let hosts: Host[] = [];

  beforeAll(async () => {
    fake = await FakeSlack.start();
    dir = mkdtempSync(join(tmpdir(), 'optout-shared-'));
  });
  afterAll(async () => {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(async () => {
    for (const host of hosts) {
      host.main.child.kill('SIGTERM');
      await host.main.exited;
    }
    hosts = [];
    await db.drop();
  });

  async function startHosts(): Promise<Host[]> {
    db = await createDatabase('procs');
    const started = [0, 1].map((n) =>
      startMain({
        SLACK_BOT_TOKEN: 'xoxb-1-2-3',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: fake.apiUrl,
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_PATH: join(dir, `host-${n}-${db.name}.sqlite`),
        DATABASE_URL: db.url,
        STATE_SECRET,
        LOG_FORMAT: 'json',
      }),
    );
    hosts = await Promise.all(
      started.map(async (main) => {
        const line = await main.logged('slack adapter started', 30_000);
        return { main, url: `http://127.0.0.1:${Number(line.port)}/slack/events` };
      }),
    );
    expect(hosts.map((h) => logLines(h.main).find((l) => l.msg === 'shared state')?.store)).toEqual([
      'postgres',
      'postgres',
    ]);
    return hosts;
  }

  /** Deliver to `host`; Bolt answers 200 at once, the handler runs after. */
  async function deliver(
    host: Host | undefined,
    request: ReturnType<typeof eventRequest>,
    signing?: Signing,
  ) {
    if (!host) throw new Error('no such host');
    const res = await postToBolt(host.url, request, signing).catch((error: unknown) => {
      // A host that went away: say why (its stderr), not only that the connection failed.
      throw new Error(`host unreachable: ${String(error)}\n${host.main.stderr().slice(-2000)}`);
    });
    expect(res.status).toBe(200);
  }

  /** Waits until the hosts together have logged `n` outcomes, then returns the posts to `channel`. */
  async function settled(n: number, channel: string) {
    const total = () => hosts.reduce((sum, h) => sum + outcomes(h).length, 0);
    await until(`${n} outcomes`, () => total() >= n);
    expect(total()).toBe(n);
    return fake.callsTo('chat.postMessage').filter((c) => c.args.channel === channel);
  }

  it('an event and its retries (X-Slack-Retry-Num), spread over both hosts, are answered once', async () => {
    const [a, b] = await startHosts();
    const request = eventRequest(directMessage('how do I opt out', { channel: 'D0RETRIES1' }), 'EvSPREAD01');
    await deliver(a, request);
    await deliver(b, request, { retryNum: 1 });
    await deliver(a, request, { retryNum: 2 });
    await deliver(b, request, { retryNum: 3 });
    const replies = await settled(4, 'D0RETRIES1');
    expect(replies).toHaveLength(1);
    const skipped = hosts.flatMap((h) => outcomes(h)).filter((l) => l.msg === 'slack.redelivery_skipped');
    expect(skipped.map((l) => l.delivery)).toEqual(['seen', 'seen', 'seen']);
  });

  it('the same event delivered to both hosts at once is answered once', async () => {
    const [a, b] = await startHosts();
    for (let i = 0; i < 5; i++) {
      const request = eventRequest(directMessage('is it too late', { channel: 'D0TWICE001' }), `EvTWICE${i}`);
      await Promise.all([deliver(a, request), deliver(b, request)]);
    }
    expect(await settled(10, 'D0TWICE001')).toHaveLength(5);
  });

  it('retries of an event whose first delivery reached no host: the first retry is answered, once', async () => {
    const [a, b] = await startHosts();
    const request = eventRequest(directMessage('deadline', { channel: 'D0LOSTFIRS' }), 'EvLOST0001');
    await deliver(b, request, { retryNum: 1 });
    await deliver(a, request, { retryNum: 2 });
    await deliver(b, request, { retryNum: 3 });
    expect(await settled(3, 'D0LOSTFIRS')).toHaveLength(1);
  });

  it('a user flooding both hosts in turn gets 5 answers and one notice in all, not 5 on each', async () => {
    await startHosts();
    for (let i = 0; i < 14; i++) {
      const request = eventRequest(
        directMessage(`question ${i} about opting out`, { channel: 'D0FLOOD001' }),
      );
      await deliver(hosts[i % 2], request);
    }
    await settled(14, 'D0FLOOD001');
    const all = hosts.flatMap((h) => outcomes(h));
    expect(all.filter((l) => l.msg === 'slack.reply')).toHaveLength(5);
    expect(
      all
        .filter((l) => l.msg === 'slack.cooldown')
        .map((l) => l.verdict)
        .sort(),
    ).toEqual(['notice', ...Array.from({ length: 8 }, () => 'silent')]);
    // The notice is posted after its log line: wait for it, then every post is in.
    const posts = () => fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'D0FLOOD001');
    await until('the notice', () => posts().some((p) => p.args.text === COOLDOWN_NOTICE));
    expect(posts().filter((p) => p.args.text === COOLDOWN_NOTICE)).toHaveLength(1);
    expect(posts()).toHaveLength(6);
    // Both hosts answered some: the limit really was shared, not one host taking the whole flood.
    for (const host of hosts) expect(outcomes(host).some((l) => l.msg === 'slack.reply')).toBe(true);
  });

  it('the database gone: both hosts keep answering and each logs each outage (shared state, insights) once, with its code', async () => {
    const [a, b] = await startHosts();
    await db.drop();
    for (let i = 0; i < 6; i++) {
      const request = eventRequest(
        directMessage('how do I opt out', { channel: 'D0OUTAGE01', user: `UOUT${i}` }),
      );
      await deliver(i % 2 === 0 ? a : b, request);
    }
    expect(await settled(6, 'D0OUTAGE01')).toHaveLength(6);
    for (const host of hosts) {
      const failures = logLines(host.main).filter((l) => l.msg === 'slack.handler_failed');
      expect(failures.map((l) => [l.while, l.code]).sort()).toEqual([
        ['cooldown', 'state_unavailable'],
        ['counting for insights', 'insights_unavailable'],
        ['event dedup', 'state_unavailable'],
      ]);
      expect(host.main.child.exitCode).toBeNull();
    }
  });
});
