// Hostile gateway dispatches (issue 9, finding 1; the message command's target, issue 13): payloads
// missing what discord.js's own handlers read.
// Each one must be logged and dropped at the edge, and the bot must keep answering the next message.
import { afterEach, describe, expect, it } from 'vitest';
import { answerButtonId } from '../../../adapters/discord/custom-ids.js';
import type { FakeDiscord } from '../../support/discord/fake-discord.js';
import { type Harness, startHarness } from '../../support/discord/harness.js';
import { messageCommand } from '../../support/discord/install-payloads.js';
import { callbackPath, interact } from '../../support/discord/interaction-helpers.js';
import {
  buttonClick,
  chatInput,
  messageCreate,
  messageFromBody,
  user,
} from '../../support/discord/payloads.js';
import { type ProcessFaults, settle, watchProcessFaults } from '../../support/discord/process-faults.js';

let h: Harness | undefined;
let faults: ProcessFaults | undefined;
afterEach(async () => {
  await h?.close();
  faults?.dispose();
  h = undefined;
  faults = undefined;
});

function without(payload: Record<string, unknown>, ...keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(payload).filter(([k]) => !keys.includes(k)));
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? Object.fromEntries(Object.entries(value)) : {};
}

function mention(fake: FakeDiscord): Record<string, unknown> {
  return messageCreate(fake, {
    author: user(),
    content: `<@${fake.botUser.id}> how do I opt out?`,
    mentions: [fake.botUser],
  });
}

function command(fake: FakeDiscord): Record<string, unknown> {
  return chatInput(fake, 'optout', [], { user: user() });
}

const hostile: Array<[string, 'MESSAGE_CREATE' | 'INTERACTION_CREATE', (f: FakeDiscord) => unknown]> = [
  ['a message without author', 'MESSAGE_CREATE', (f) => without(mention(f), 'author')],
  ['a message whose mentions is a string', 'MESSAGE_CREATE', (f) => ({ ...mention(f), mentions: 'all' })],
  ['a message whose mentions is null', 'MESSAGE_CREATE', (f) => ({ ...mention(f), mentions: null })],
  ['an interaction without data', 'INTERACTION_CREATE', (f) => without(command(f), 'data')],
  ['an interaction without member or user', 'INTERACTION_CREATE', (f) => without(command(f), 'member')],
  ['an interaction without entitlements', 'INTERACTION_CREATE', (f) => without(command(f), 'entitlements')],
  [
    'an interaction whose options is not an array',
    'INTERACTION_CREATE',
    (f) => ({ ...command(f), data: { id: f.guildId, name: 'optout', type: 1, options: { name: 'topic' } } }),
  ],
  [
    'a button click without message',
    'INTERACTION_CREATE',
    (f) => without(buttonClick(f, 'optout:more', {}, { user: user() }), 'message'),
  ],
  ['a dispatch whose data is not an object', 'MESSAGE_CREATE', () => 'not a message'],
  [
    'a message command without its resolved message',
    'INTERACTION_CREATE',
    (f) => {
      const interaction = messageCommand(f, { user: user(), content: 'how do I opt out?' });
      return { ...interaction, data: without(record(interaction.data), 'resolved') };
    },
  ],
  [
    'a message command whose selected message has no id',
    'INTERACTION_CREATE',
    (f) => {
      const interaction = messageCommand(f, { user: user(), content: 'how do I opt out?' });
      const data = record(interaction.data);
      const target = String(data.target_id);
      const resolved = { messages: { [target]: { channel_id: f.channelId, content: 'x' } } };
      return { ...interaction, data: { ...data, resolved } };
    },
  ],
];

describe('Discord hostile dispatches', () => {
  it.each(hostile)('drops %s, logs it, and still answers the next mention', async (_name, type, make) => {
    h = await startHarness();
    faults = watchProcessFaults();
    h.fake.dispatch(type, make(h.fake));

    const next = mention(h.fake);
    h.fake.dispatch('MESSAGE_CREATE', next);
    const reply = await h.fake.waitForCall(
      (c) => c.method === 'POST' && c.path === `/channels/${h?.fake.channelId}/messages`,
    );
    expect(reply.body).toMatchObject({ message_reference: { message_id: next.id } });
    await settle();

    expect(faults.seen).toEqual([]);
    const dropped = h.logger.lines.filter((l) => l.msg === 'discord dispatch dropped');
    expect(dropped).toEqual([
      expect.objectContaining({ level: 'warn', code: 'discord_bad_dispatch', type, shard: 0 }),
    ]);
    expect(dropped[0]?.issues).toEqual(expect.any(String));
    // Only one answer: the hostile payload reached no handler.
    expect(h.fake.calls.filter((c) => c.method === 'POST')).toHaveLength(1);
  });

  it('lets well-formed commands and button clicks through', async () => {
    h = await startHarness();
    const asker = user();
    const command = chatInput(h.fake, 'optout', [], { user: asker });
    const answered = await interact(h.fake, command);
    const sent = messageFromBody(answered.data, h.fake.channelId, h.fake.botUser);
    const click = buttonClick(h.fake, answerButtonId('past-data'), sent, { user: asker });
    h.fake.dispatch('INTERACTION_CREATE', click);
    await h.fake.waitForCall((c) => c.path === callbackPath(click));
    expect(h.logger.lines.filter((l) => l.msg === 'discord dispatch dropped')).toEqual([]);
  });

  it('logs and survives a dispatch without a schema that breaks a discord.js handler', async () => {
    h = await startHarness();
    faults = watchProcessFaults();
    // CHANNEL_UPDATE is not checked: discord.js reads `null.id` and throws inside its listener.
    h.fake.dispatch('CHANNEL_UPDATE', null);
    const next = mention(h.fake);
    h.fake.dispatch('MESSAGE_CREATE', next);
    await h.fake.waitForCall((c) => c.path === `/channels/${h?.fake.channelId}/messages`);
    await settle();
    expect(faults.seen).toEqual([]);
    expect(h.logger.lines).toContainEqual(
      expect.objectContaining({
        msg: 'discord dispatch handler failed',
        code: 'discord_dispatch_handler_failed',
        type: 'CHANNEL_UPDATE',
        shard: 0,
        errorName: 'TypeError',
      }),
    );
  });
});
