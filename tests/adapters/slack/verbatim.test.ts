// Text a user typed, echoed back inside mrkdwn, is marked `verbatim: true` (and still escaped), so Slack
// never turns words in it into links, channel names or @-mentions.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buttonsIn, type Harness, startHarness } from '../../support/slack/harness.js';
import { blockAction, slashCommand } from '../../support/slack/requests.js';

interface TextObject {
  type: string;
  text: string;
  verbatim?: boolean;
}

function isTextObject(value: unknown): value is TextObject {
  return (
    typeof value === 'object' &&
    value !== null &&
    'type' in value &&
    'text' in value &&
    typeof value.type === 'string' &&
    typeof value.text === 'string'
  );
}

/** Every mrkdwn text object in the blocks whose text contains `needle`. */
function mrkdwnWith(blocks: unknown, needle: string): TextObject[] {
  if (Array.isArray(blocks)) return blocks.flatMap((b) => mrkdwnWith(b, needle));
  if (typeof blocks !== 'object' || blocks === null) return [];
  const own =
    isTextObject(blocks) && blocks.type === 'mrkdwn' && blocks.text.includes(needle) ? [blocks] : [];
  return [...own, ...Object.values(blocks).flatMap((v) => mrkdwnWith(v, needle))];
}

const QUESTION = 'does zorblax email @here about #general at www.example.com';

describe('user text echoed in mrkdwn', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('marks the asked question verbatim in the private answer and in the copy shared in the channel', async () => {
    const res = await h.send(slashCommand({ text: QUESTION, responseUrl: h.fake.responseUrl('cmd') }));
    const answer: unknown = JSON.parse(res.body);
    const blocks = typeof answer === 'object' && answer !== null && 'blocks' in answer ? answer.blocks : [];
    const echoed = mrkdwnWith(blocks, 'zorblax email');
    expect(echoed).not.toEqual([]);
    for (const text of echoed) expect(text.verbatim).toBe(true);

    const share = buttonsIn(blocks).find((b) => b.action_id === 'share');
    if (!share) throw new Error('no share button');
    await h.send(
      blockAction({
        actionId: 'share',
        value: share.value ?? '',
        where: 'ephemeral',
        responseUrl: h.fake.responseUrl('s'),
      }),
    );
    const shared = await h.fake.nthPost('s');
    const inChannel = mrkdwnWith(shared.body.blocks, 'zorblax email');
    expect(inChannel).not.toEqual([]);
    for (const text of inChannel) expect(text.verbatim).toBe(true);
  });

  it('marks a renamed command verbatim in the help list', async () => {
    const res = await h.send(
      slashCommand({ text: 'help', command: '/ai-optout', responseUrl: h.fake.responseUrl('cmd') }),
    );
    const answer: unknown = JSON.parse(res.body);
    const blocks = typeof answer === 'object' && answer !== null && 'blocks' in answer ? answer.blocks : [];
    const listed = mrkdwnWith(blocks, '`/ai-optout`');
    expect(listed).not.toEqual([]);
    for (const text of listed) expect(text.verbatim).toBe(true);
  });
});
