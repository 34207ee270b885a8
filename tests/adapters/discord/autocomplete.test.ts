// Autocomplete: /ask's choices, what picking one answers, and how the router hands every command's
// autocomplete to the command itself.
import type { AutocompleteInteraction } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { answerQuestion, autocompleteChoices } from '../../../adapters/discord/ask-command.js';
import { commandBuilder } from '../../../adapters/discord/command.js';
import { renderNotice } from '../../../adapters/discord/render.js';
import type { Bot } from '../../../src/core/bot-types.js';
import { type Harness, realBot, startHarness } from '../../support/discord/harness.js';
import { CALLBACK, interact } from '../../support/discord/interaction-helpers.js';
import { autocomplete, chatInput, user } from '../../support/discord/payloads.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const STRING = 3;

describe('Discord /ask autocomplete', () => {
  it('offers the matching questions for a partial one, within 25 choices of 1-100 characters', async () => {
    h = await startHarness();
    const typed = [{ name: 'question', type: STRING, value: 'opt out', focused: true }];
    const body = await interact(h.fake, autocomplete(h.fake, 'ask', typed, { user: user() }));
    expect(body.type).toBe(CALLBACK.autocomplete);
    const choices = body.data?.choices ?? [];
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const c of choices) {
      expect(c.name.length).toBeGreaterThan(0);
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(c.value.length).toBeLessThanOrEqual(100);
    }
    expect(choices[0]?.name).toBe(h.bot.suggest('opt out', 25)[0]?.question);
  });

  it('offers popular questions before the user types anything', () => {
    const bot = realBot();
    const choices = autocompleteChoices(bot, '');
    expect(choices.map((c) => c.name)).toEqual(
      bot
        .suggest('', 25)
        .slice(0, 25)
        .map((c) => c.question),
    );
  });

  it('picking a suggested question answers exactly that entry', async () => {
    h = await startHarness();
    const bot = h.bot;
    // A choice whose own text the matcher might resolve elsewhere still lands on its entry.
    const picked = bot.suggest('data', 25)[1] ?? bot.suggest('data', 25)[0];
    expect(picked).toBeDefined();
    const value = autocompleteChoices(bot, 'data').find((c) => c.name === picked?.question)?.value ?? '';
    const body = await interact(
      h.fake,
      chatInput(h.fake, 'ask', [{ name: 'question', type: STRING, value }], { user: user() }),
    );
    expect(body.data?.embeds?.[0]?.title).toBe(bot.answer(picked?.id ?? '')?.title);
  });
});

describe('autocomplete routing', () => {
  const typed = [{ name: 'question', type: STRING, value: 'opt out', focused: true }];

  it('a command without autocomplete of its own gets an empty list, not /ask questions', async () => {
    h = await startHarness();
    for (const name of ['help', 'retired']) {
      const body = await interact(h.fake, autocomplete(h.fake, name, typed, { user: user() }));
      expect(body.type).toBe(CALLBACK.autocomplete);
      expect(body.data?.choices).toEqual([]);
    }
  });

  it("a command's own autocomplete answers for it, cut to Discord's 25 choices", async () => {
    const seen: string[] = [];
    const zones = {
      definition: commandBuilder('zones', 'Time zones').toJSON(),
      execute: () => renderNotice('ok'),
      autocomplete: (i: AutocompleteInteraction) => {
        seen.push(String(i.options.getFocused()));
        return Array.from({ length: 40 }, (_, n) => ({ name: `Zone ${n}`, value: `zone-${n}` }));
      },
    };
    h = await startHarness({ announcements: zones });
    const body = await interact(h.fake, autocomplete(h.fake, 'zones', typed, { user: user() }));
    expect(body.data?.choices).toHaveLength(25);
    expect(body.data?.choices?.[0]).toEqual({ name: 'Zone 0', value: 'zone-0' });
    expect(seen).toEqual(['opt out']);
  });
});

describe('autocomplete limits', () => {
  const long = `${'Does LinkedIn use '.repeat(8)}my data?`;
  const stub = {
    suggest: () => [
      { id: 'long-one', question: long },
      { id: 'dup', question: 'Same question?' },
      { id: 'dup-too', question: 'Same question?' },
      ...Array.from({ length: 40 }, (_, i) => ({ id: `q-${i}`, question: `Question ${i}?` })),
    ],
    answer: (id: string) => ({ id, title: `entry ${id}` }),
    ask: () => ({ id: null, title: 'matched by text' }),
    help: () => ({ id: 'help', title: 'help' }),
    languageOf: () => 'en',
  } as unknown as Bot;

  it('cuts long questions to 100 characters, drops repeated values and keeps at most 25', () => {
    const choices = autocompleteChoices(stub, 'x');
    expect(choices).toHaveLength(25);
    expect(choices[0]?.name).toHaveLength(100);
    expect(choices[0]?.name.endsWith('…')).toBe(true);
    expect(new Set(choices.map((c) => c.value)).size).toBe(25);
  });

  it('maps a cut choice value back to its entry, and free text to the matcher', () => {
    const [first] = autocompleteChoices(stub, 'x');
    expect(answerQuestion(stub, first?.value ?? '').id).toBe('long-one');
    expect(answerQuestion(stub, 'something typed').title).toBe('matched by text');
    expect(answerQuestion(stub, '   ').id).toBe('help');
  });
});
