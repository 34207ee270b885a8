// 👍 / 👎 under Discord answers, through a real discord.js client on the loopback stand-in: the buttons
// come from a real /optout reply, the clicks are gateway interactions, and counts go to a real SQLite
// file whose rows are read back.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseVoteButtonId } from '../../../adapters/discord/custom-ids.js';
import { ManualClock } from '../../../src/core/index.js';
import { createInsights, type Insights, relatedQuestions } from '../../../src/insights/index.js';
import { openSqliteInsights } from '../../../src/insights/stores/sqlite/open.js';
import { type Harness, startHarness } from '../../support/discord/harness.js';
import {
  CALLBACK,
  type CallbackBody,
  customIds,
  EPHEMERAL,
  interact,
} from '../../support/discord/interaction-helpers.js';
import {
  buttonClick,
  chatInput,
  type FakeUser,
  messageCreate,
  messageFromBody,
  snowflake,
  user,
} from '../../support/discord/payloads.js';
import { ui } from '../../support/ui.js';

let dir: string;
let file: string;
let insights: Insights;
let h: Harness;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'discord-feedback-'));
  file = path.join(dir, 'bot.insights.sqlite');
  insights = createInsights({
    store: openSqliteInsights(file),
    clock: new ManualClock('2025-10-20T12:00:00Z'),
    secret: 'discord-feedback-test-secret',
    unanswered: false,
  });
  h = await startHarness({ insights });
});
afterEach(async () => {
  await h.close();
  await insights.close();
  rmSync(dir, { recursive: true, force: true });
});

function table(name: string): Array<Record<string, unknown>> {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(`SELECT * FROM ${name}`).all() as Array<Record<string, unknown>>;
  } finally {
    db.close();
  }
}
/** Poll until `find` returns something: counts are written in the background, after the answer. */
async function until<T>(what: string, find: () => T | undefined, ms = 3000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
const entryRow = (entry: string) => table('insights_entry_days').find((r) => r.entry === entry);

/** /optout as `asker`, and the message as Discord would deliver it with a later click. */
async function optout(asker: FakeUser) {
  const body = await interact(h.fake, chatInput(h.fake, 'optout', [], { user: asker }));
  const shown = {
    ...messageFromBody(body.data, h.fake.channelId, h.fake.botUser),
    interaction_metadata: { id: snowflake(), type: 2, user: asker, authorizing_integration_owners: {} },
  };
  return { body, shown };
}
const voteIds = (body: CallbackBody) => customIds(body).filter((id) => parseVoteButtonId(id));
function voteId(body: CallbackBody, which: 'up' | 'down'): string {
  const id = voteIds(body).find((c) => parseVoteButtonId(c)?.helpful === (which === 'up'));
  if (!id) throw new Error(`no ${which} button`);
  return id;
}

describe('Discord 👍 / 👎', () => {
  it('an answer ends with a 👍 / 👎 row within Discord’s limits', async () => {
    const { body } = await optout(user());
    const rows = body.data?.components ?? [];
    expect(rows.length).toBeLessThanOrEqual(5);
    const last = rows.at(-1)?.components.map((b) => b.custom_id) ?? [];
    expect(last).toHaveLength(2);
    expect(last.map((id) => parseVoteButtonId(id ?? '')?.helpful)).toEqual([true, false]);
    for (const id of customIds(body)) expect(id.length).toBeLessThanOrEqual(100);
    expect(rows.at(-1)?.components.map((b) => b.label)).toEqual([
      ui('feedback.button.up'),
      ui('feedback.button.down'),
    ]);
  });

  it('a click counts once per person per answer; a second click is told privately and counts nothing', async () => {
    const asker = user();
    const { body, shown } = await optout(asker);
    await until('asked', () => entryRow('how-to-opt-out'));
    const first = await interact(h.fake, buttonClick(h.fake, voteId(body, 'up'), shown, { user: asker }));
    expect(first.type).toBe(CALLBACK.reply);
    expect(first.data?.flags).toBe(EPHEMERAL);
    expect(first.data?.content).toBe(ui('feedback.thanks'));
    const again = await interact(h.fake, buttonClick(h.fake, voteId(body, 'down'), shown, { user: asker }));
    expect(again.data).toMatchObject({ flags: EPHEMERAL, content: ui('feedback.repeat') });
    expect(entryRow('how-to-opt-out')).toMatchObject({ asked: 1, helpful: 1, unhelpful: 0 });
  });

  it("a 👎 offers privately the matcher's closest questions, as buttons that answer", async () => {
    const { body, shown } = await optout(user());
    const clicker = user();
    const sorry = await interact(h.fake, buttonClick(h.fake, voteId(body, 'down'), shown, { user: clicker }));
    expect(sorry.data).toMatchObject({ flags: EPHEMERAL, content: ui('feedback.sorry') });
    const expected = relatedQuestions(h.bot, 'how-to-opt-out').map((c) => `optout:answer:${c.id}`);
    expect(expected.length).toBeGreaterThan(0);
    expect(customIds(sorry)).toEqual(expected);
    expect(entryRow('how-to-opt-out')).toMatchObject({ unhelpful: 1 });

    // The offered question answers in place of the private notice.
    const notice = { ...messageFromBody(sorry.data, h.fake.channelId, h.fake.botUser), flags: EPHEMERAL };
    const picked = await interact(h.fake, buttonClick(h.fake, expected[0] ?? '', notice, { user: clicker }));
    expect(picked.type).toBe(CALLBACK.update);
    const id = expected[0]?.slice('optout:answer:'.length) ?? '';
    expect(picked.data?.embeds?.[0]?.title).toBe(h.bot.answer(id)?.title);
    await until('the picked answer counted', () => entryRow(id));
  });

  it('counts per entry and day from commands, mentions and buttons, and stores no id or text', async () => {
    const asker = user({ username: 'zelda-the-asker' });
    await interact(
      h.fake,
      chatInput(h.fake, 'ask', [{ name: 'question', type: 3, value: 'privacy' }], { user: asker }),
    );
    h.fake.dispatch(
      'MESSAGE_CREATE',
      messageCreate(h.fake, {
        author: asker,
        content: `<@${h.fake.botUser.id}> what is a zorblax`,
        mentions: [h.fake.botUser],
      }),
    );
    await h.fake.waitForCall((c) => c.path === `/channels/${h.fake.channelId}/messages`);
    const { body, shown } = await optout(asker);
    await interact(h.fake, buttonClick(h.fake, voteId(body, 'down'), shown, { user: asker }));
    await until('day counts', () => table('insights_days').find((d) => d.questions === 2));
    expect(table('insights_days')).toEqual([
      { day: '2025-10-20', questions: 2, fallbacks: 1, suggestions: 1 },
    ]);
    expect(entryRow('how-to-opt-out')).toMatchObject({ asked: 1, unhelpful: 1 });

    const db = new Database(file, { readonly: true });
    const cells = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>
    )
      .flatMap(({ name }) => db.prepare(`SELECT * FROM ${name}`).all() as Array<Record<string, unknown>>)
      .flatMap((row) => Object.values(row).map(String))
      .join('\n');
    db.close();
    for (const secret of [asker.id, 'zelda', h.fake.guildId, h.fake.channelId, 'zorblax', 'privacy'])
      expect(cells).not.toContain(secret);
  });
});
