// The commands' descriptions in the bot's other languages (description_localizations), as registration
// sends them to the loopback REST stand-in: through registerDiscordCommands with the translations the
// knowledge base has, and through the compiled `npm run discord:register` entry point run as a user would.
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DISCORD_LOCALES } from '../../../adapters/discord/localize.js';
import { registerDiscordCommands } from '../../../adapters/discord/tools.js';
import { loadSchedules, schedulesPath } from '../../../src/announce/index.js';
import { defaultKnowledgeDir } from '../../../src/core/index.js';
import { FakeDiscord, fakeDiscordConfig } from '../../support/discord/fake-discord.js';
import { allLanguages } from '../../support/languages.js';

const run = promisify(execFile);
const script = resolve('dist/app/discord-register.js');

/** Every locale Discord gets a description in: the seven languages, Spanish twice, Portuguese as pt-BR. */
const LOCALES = ['de', 'fr', 'es-ES', 'es-419', 'it', 'nl', 'pl', 'pt-BR'];
const COMMANDS = ['ask', 'optout', 'deadline', 'help', 'announce'];

let fake: FakeDiscord | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

interface Described {
  name: string;
  type?: number | undefined;
  description?: string | undefined;
  description_localizations?: Record<string, string> | null | undefined;
  options?: Described[] | undefined;
}
const described: z.ZodType<Described> = z.lazy(() =>
  z.looseObject({
    name: z.string(),
    type: z.number().optional(),
    description: z.string().optional(),
    description_localizations: z.record(z.string(), z.string()).nullish(),
    options: z.array(described).optional(),
  }),
);
const sentCommands = z.array(described);

/** The command and every option and sub-command under it, each with the path Discord shows it at. */
function everyItem(item: Described, path = item.name): Array<{ path: string; item: Described }> {
  return [{ path, item }, ...(item.options ?? []).flatMap((o) => everyItem(o, `${path} ${o.name}`))];
}

/** What the app's register entry point passes: each language's ui.yaml sentence for a key. */
function translation(code: string, key: string): string | undefined {
  const text = allLanguages().languages.get(code)?.ui[key];
  return typeof text === 'string' ? text : undefined;
}

function expectLocalized(sent: Described[]): void {
  expect(sent.map((c) => c.name)).toEqual(expect.arrayContaining(COMMANDS));
  for (const name of COMMANDS) {
    const command = sent.find((c) => c.name === name);
    const items = everyItem(command ?? { name }).filter(({ item }) => item.description);
    // The command and at least one option (every command has `private` or sub-commands).
    expect(items.length, name).toBeGreaterThan(1);
    for (const { path, item } of items) {
      const localized = item.description_localizations ?? {};
      expect(Object.keys(localized).sort(), path).toEqual([...LOCALES].sort());
      for (const [locale, text] of Object.entries(localized)) {
        expect(text.trim().length, `${path} ${locale}`).toBeGreaterThan(0);
        expect(text.length, `${path} ${locale}`).toBeLessThanOrEqual(100);
        expect(text, `${path} ${locale}`).not.toBe(item.description);
      }
      // Discord's two Spanish locales show the one Spanish translation.
      expect(localized['es-419'], path).toBe(localized['es-ES']);
    }
  }
  // The message command has no description, so nothing to translate.
  const menu = sent.find((c) => c.type === 3);
  expect(menu?.description_localizations ?? undefined).toBeUndefined();
}

describe('Discord registration in the bot languages', () => {
  it('the locale table covers the seven languages with Discord locale codes, pt as pt-BR', () => {
    expect(Object.values(DISCORD_LOCALES).flat().sort()).toEqual([...LOCALES].sort());
    expect(DISCORD_LOCALES.pt).toEqual(['pt-BR']);
  });

  it('registerDiscordCommands sends every command and option description in all eight locales', async () => {
    fake = await FakeDiscord.start();
    const schedules = loadSchedules(schedulesPath(defaultKnowledgeDir()));
    await registerDiscordCommands(fakeDiscordConfig(fake), schedules, {}, translation);
    const call = await fake.waitForCall((c) => c.method === 'PUT');
    const sent = sentCommands.parse(call.body);
    expectLocalized(sent);
    // The German /optout is the one ui.yaml has, not a cut or made-up text.
    const optout = sent.find((c) => c.name === 'optout');
    expect(optout?.description_localizations?.de).toBe(translation('de', 'command.optout.description'));
    const question = sent.find((c) => c.name === 'ask')?.options?.find((o) => o.name === 'question');
    expect(question?.description_localizations?.['pt-BR']).toBe(
      translation('pt', 'command.ask.question.description'),
    );
  });

  it('a translation over Discord’s 100 characters is left out rather than cut, and Discord shows English', async () => {
    fake = await FakeDiscord.start();
    const schedules = loadSchedules(schedulesPath(defaultKnowledgeDir()));
    const long = (code: string, key: string) =>
      code === 'de' && key === 'command.help.description' ? 'x'.repeat(101) : translation(code, key);
    await registerDiscordCommands(fakeDiscordConfig(fake), schedules, {}, long);
    const sent = sentCommands.parse((await fake.waitForCall((c) => c.method === 'PUT')).body);
    const help = sent.find((c) => c.name === 'help')?.description_localizations ?? {};
    expect(help.de).toBeUndefined();
    expect(help.fr).toBe(translation('fr', 'command.help.description'));
  });

  it('npm run discord:register sends the same localized descriptions', async () => {
    fake = await FakeDiscord.start();
    // From an empty directory, so a developer's own .env cannot leak into the test.
    await run(process.execPath, [script], {
      cwd: tmpdir(),
      env: {
        PATH: process.env.PATH,
        DISCORD_TOKEN: fake.token,
        DISCORD_APPLICATION_ID: fake.applicationId,
        DISCORD_API_URL: fake.apiUrl,
      },
      timeout: 20_000,
    });
    const puts = fake.calls.filter((c) => c.method === 'PUT');
    expect(puts).toHaveLength(1);
    expectLocalized(sentCommands.parse(puts[0]?.body));
  });
});
