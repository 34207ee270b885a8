// 👍 / 👎 under Slack answers, end to end: a slash command's real answer is fetched, its vote buttons are
// clicked through signed block_actions requests to Bolt's real receiver, and the notices arrive at the
// click's response_url on the stand-in. Counts go to a real SQLite file, whose rows are then read back.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/index.js';
import { createInsights, type Insights, relatedQuestions } from '../../../src/insights/index.js';
import { openSqliteInsights } from '../../../src/insights/stores/sqlite/open.js';
import { BOT } from '../../support/slack/fake-slack.js';
import {
  buttonsIn,
  type FoundButton,
  type Harness,
  logLine,
  NOW,
  startHarness,
  textsIn,
} from '../../support/slack/harness.js';
import { blockAction, type ClickFields, slashCommand, USER } from '../../support/slack/requests.js';
import { ui } from '../../support/ui.js';

interface Message {
  blocks?: unknown;
  text?: string;
}

let dir: string;
let file: string;
let insights: Insights;
let h: Harness;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'slack-feedback-'));
  file = path.join(dir, 'bot.insights.sqlite');
  insights = createInsights({
    store: openSqliteInsights(file),
    clock: new ManualClock(NOW),
    secret: 'slack-feedback-test-secret',
    unanswered: false,
  });
  h = await startHarness({ insights });
});
afterEach(async () => {
  await h.close();
  await insights.close();
  rmSync(dir, { recursive: true, force: true });
});

async function slash(text: string, user = USER): Promise<Message> {
  const res = await h.send(slashCommand({ text, user, responseUrl: h.fake.responseUrl('cmd') }));
  return JSON.parse(res.body) as Message;
}

function vote(answer: Message, which: 'up' | 'down'): FoundButton {
  const found = buttonsIn(answer.blocks).find((b) => b.action_id === `vote:${which}`);
  if (!found) throw new Error(`no vote:${which} button`);
  return found;
}

async function click(b: FoundButton, hook: string, f: Partial<ClickFields> = {}) {
  const res = await h.send(
    blockAction({
      actionId: b.action_id,
      value: b.value ?? '',
      where: 'ephemeral',
      responseUrl: h.fake.responseUrl(hook),
      ...f,
    }),
  );
  expect(res).toEqual({ status: 200, body: '' });
  return (await h.fake.nthPost(hook)).body;
}

function table(name: string): Array<Record<string, unknown>> {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(`SELECT * FROM ${name}`).all() as Array<Record<string, unknown>>;
  } finally {
    db.close();
  }
}
/** Once every count the adapter started is written. */
const counted = async (entry: string, field: 'asked' | 'helpful' | 'unhelpful', n: number) => {
  await h.fake.waitFor(`${entry} ${field} = ${n}`, () =>
    table('insights_entry_days').find((r) => r.entry === entry && r[field] === n),
  );
};

describe('Slack 👍 / 👎', () => {
  it('an answer carries 👍 and 👎 beside Share; a click counts once, a second click only gets a note', async () => {
    const answer = await slash('');
    const ids = buttonsIn(answer.blocks).map((b) => b.action_id);
    expect(ids).toEqual(expect.arrayContaining(['share', 'vote:up', 'vote:down']));

    const first = await click(vote(answer, 'up'), 'first');
    expect(first).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(first.text).toBe(ui('feedback.thanks'));
    await counted('how-to-opt-out', 'helpful', 1);

    const again = await click(vote(answer, 'down'), 'again');
    expect(again).toMatchObject({ response_type: 'ephemeral', text: ui('feedback.repeat') });
    // Someone else's click on the same answer counts.
    await click(vote(answer, 'down'), 'other', { user: 'UOTHER0002' });
    await counted('how-to-opt-out', 'unhelpful', 1);
    expect(table('insights_entry_days')).toEqual([
      { day: '2025-10-20', entry: 'how-to-opt-out', asked: 1, helpful: 1, unhelpful: 1 },
    ]);
  });

  it("a 👎 answers privately with the matcher's closest questions, and each of them answers", async () => {
    const answer = await slash('');
    const sorry = await click(vote(answer, 'down'), 'down');
    expect(sorry.text).toBe(ui('feedback.sorry'));
    const offered = buttonsIn(sorry.blocks);
    const expected = relatedQuestions(h.bot, 'how-to-opt-out');
    expect(expected.length).toBeGreaterThan(0);
    expect(offered.map((b) => b.value)).toEqual(expected.map((c) => c.id));
    expect(offered.map((b) => b.value)).not.toContain('how-to-opt-out');

    const pick = offered[0];
    if (!pick) throw new Error('no related question');
    const res = await h.send(
      blockAction({
        actionId: pick.action_id,
        value: pick.value ?? '',
        where: 'ephemeral',
        responseUrl: h.fake.responseUrl('pick'),
      }),
    );
    expect(res.status).toBe(200);
    const picked = await h.fake.nthPost('pick');
    expect(textsIn(picked.body.blocks)).toContain(h.bot.answer(pick.value ?? '')?.title);
  });

  it('counts land per entry and day, and the file holds no user id, team id or question text', async () => {
    await slash('');
    await slash('privacy');
    await slash('what is a zorblax anyway');
    await slash('when is the deadline');
    const answer = await slash('');
    await click(vote(answer, 'down'), 'down');
    await counted('how-to-opt-out', 'unhelpful', 1);
    await h.fake.waitFor('day counts', () => table('insights_days').find((d) => d.questions === 3));
    expect(table('insights_days')).toEqual([
      { day: '2025-10-20', questions: 3, fallbacks: 1, suggestions: 1 },
    ]);
    const asked = Object.fromEntries(table('insights_entry_days').map((r) => [r.entry, r.asked]));
    expect(asked['how-to-opt-out']).toBe(2);
    expect(table('insights_unanswered')).toEqual([]);
    // Every cell of every table: nothing that identifies the person or says what was asked.
    const db = new Database(file, { readonly: true });
    const cells = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>
    )
      .flatMap(({ name }) => db.prepare(`SELECT * FROM ${name}`).all() as Array<Record<string, unknown>>)
      .flatMap((row) => Object.values(row).map(String))
      .join('\n');
    db.close();
    for (const secret of [
      USER,
      BOT.teamId,
      'zorblax',
      'privacy',
      'when is the',
      vote(answer, 'up').value ?? '?',
    ])
      expect(cells).not.toContain(secret);
  });

  it('a failing store never stops an answer, and is logged once, not once per answer', async () => {
    await insights.close();
    const first = await slash('');
    const second = await slash('when is the deadline');
    expect(textsIn(first.blocks)).toContain(h.bot.optOut().title);
    expect(textsIn(second.blocks).length).toBeGreaterThan(0);
    await logLine(h, (l) => l.msg === 'slack.handler_failed' && l.while === 'counting for insights');
    await new Promise((r) => setTimeout(r, 100));
    // A click while the store is down is told so, privately; the outage is still one log line.
    const failed = await click(vote(first, 'up'), 'failed-vote');
    expect(failed).toMatchObject({ response_type: 'ephemeral', text: ui('feedback.failed') });
    const failures = h.logger.lines.filter((l) => l.while === 'counting for insights');
    expect(failures).toHaveLength(1);
  });
});

describe('Slack sharing', () => {
  it('a shared answer has its own vote buttons and is not counted as asked again', async () => {
    const answer = await slash('');
    const share = buttonsIn(answer.blocks).find((b) => b.action_id === 'share');
    if (!share) throw new Error('no share button');
    const shared = await click(share, 'share');
    const votes = buttonsIn(shared.blocks).filter((b) => b.action_id.startsWith('vote:'));
    expect(votes.map((b) => b.action_id)).toEqual(['vote:up', 'vote:down']);
    expect(votes[0]?.value).not.toBe(vote(answer, 'up').value);
    await click(votes[0] as FoundButton, 'shared-vote', { where: 'channel', user: 'UREADER003' });
    await counted('how-to-opt-out', 'helpful', 1);
    expect(table('insights_entry_days')).toMatchObject([{ entry: 'how-to-opt-out', asked: 1 }]);
  });
});

describe('Slack answers without insights', () => {
  it('have no vote buttons', async () => {
    const plain = await startHarness();
    try {
      const res = await plain.send(slashCommand({ text: '', responseUrl: plain.fake.responseUrl('x') }));
      const ids = buttonsIn((JSON.parse(res.body) as Message).blocks).map((b) => b.action_id);
      expect(ids).toContain('share');
      expect(ids.filter((id) => id.startsWith('vote:'))).toEqual([]);
    } finally {
      await plain.close();
    }
  });
});
