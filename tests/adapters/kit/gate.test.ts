// The gate over a shared state: two gates (two processes) on one SQLite state file share one cooldown, and
// a state store that fails does not stop answers; the outage reaches the adapter's sink once, with its code.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createErrorSink, createGate, type Responder } from '../../../adapters/kit/index.js';
import { createBot, loadKnowledge, ManualClock, type Reply, SharedState } from '../../../src/core/index.js';
import { createMemoryLogger } from '../../../src/core/log.js';
import { openSqliteState } from '../../../src/storage/index.js';

const dir = mkdtempSync(path.join(tmpdir(), 'optout-gate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SECRET = 'gate-test-secret-0123456789abcdef-0123';
const knowledge = loadKnowledge();

function recorder() {
  const seen: string[] = [];
  const responder: Responder = {
    answer: async (reply: Reply) => seen.push(`answer:${reply.status}`),
    cooldown: async (_notice, repeat) => seen.push(repeat ? 'silent' : 'notice'),
    failed: async () => seen.push('failed'),
  };
  return { seen, responder };
}

function gateOn(state: SharedState, clock: ManualClock, logger = createMemoryLogger()) {
  const bot = createBot({ knowledge, clock });
  const sink = createErrorSink('test', logger);
  return {
    logger,
    gate: createGate({
      platform: 'test',
      bot,
      logger,
      clock,
      sink,
      cooldown: { limit: 3, windowMs: 10_000 },
      state,
    }),
  };
}

describe('the gate over a shared state', () => {
  it('two gates on one state file (two processes) share one limit and send one notice', async () => {
    const file = path.join(dir, 'shared.sqlite');
    const clock = new ManualClock('2026-12-01T12:00:00Z');
    const stores = [await openSqliteState(file, { clock }), await openSqliteState(file, { clock })];
    const gates = stores.map(
      (store) => gateOn(new SharedState({ store, secret: SECRET, clock }), clock).gate,
    );
    const { seen, responder } = recorder();
    for (let i = 0; i < 8; i++) {
      await gates[i % 2]?.handle({ via: 'dm', user: 'T1:UFLOOD', asked: { kind: 'optout' } }, responder);
    }
    expect(seen).toEqual([
      'answer:answered',
      'answer:answered',
      'answer:answered',
      'notice',
      'silent',
      'silent',
      'silent',
      'silent',
    ]);
    // Another user is not held back, and the flooder is answered again once the window has passed.
    expect(await gates[0]?.admit('T1:UOTHER')).toBe('allow');
    clock.advance(10_000);
    expect(await gates[1]?.admit('T1:UFLOOD')).toBe('allow');
    for (const store of stores) await store.close();
  });

  it('a failing state store: every question is still answered, and the sink logs the outage once', async () => {
    const clock = new ManualClock('2026-12-01T12:00:00Z');
    const store = await openSqliteState(path.join(dir, 'broken.sqlite'), { clock });
    // A closed connection fails every statement, as a lost database would.
    await store.close();
    const { gate, logger } = gateOn(new SharedState({ store, secret: SECRET, clock }), clock);
    const { seen, responder } = recorder();
    for (let i = 0; i < 5; i++) {
      await gate.handle({ via: 'dm', user: `T1:U${i}`, asked: { kind: 'deadline' } }, responder);
    }
    expect(seen).toEqual(Array.from({ length: 5 }, () => 'answer:answered'));
    const failures = logger.lines.filter((l) => l.msg === 'test.handler_failed');
    expect(failures).toEqual([expect.objectContaining({ while: 'cooldown', code: 'state_unavailable' })]);
    // Counting went on in memory meanwhile: the limit still holds for one user on this process.
    const verdicts = [];
    for (let i = 0; i < 5; i++) verdicts.push(await gate.admit('T1:USAME'));
    expect(verdicts).toEqual(['allow', 'allow', 'allow', 'notice', 'silent']);
  });
});
