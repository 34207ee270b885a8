// /announce through a real discord.js Client on the loopback stand-in, with the announcement service on a
// real SQLite file: who may subscribe, what is stored, what status says, and what registration sends.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ANNOUNCE_COMMAND,
  announceDefinition,
  dmNotice,
  refusalNotice,
} from '../../../adapters/discord/announce-command.js';
import { commandDefinitions } from '../../../adapters/discord/commands.js';
import { timeZoneChoices } from '../../../adapters/discord/timezones.js';
import { loadSchedules } from '../../../src/announce/index.js';
import { ManualClock } from '../../../src/core/clock.js';
import {
  announce,
  MANAGE_CHANNELS,
  MEMBER,
  type Rig,
  STRING,
  startRig,
  tempFolder,
} from '../../support/discord/announce-fixtures.js';
import { FakeDiscord } from '../../support/discord/fake-discord.js';
import { CALLBACK, EPHEMERAL, interact } from '../../support/discord/interaction-helpers.js';
import { user } from '../../support/discord/payloads.js';
import { multilingualBot } from '../../support/languages.js';
import { ui } from '../../support/ui.js';

/** The replies' catalogs, every language loaded, as the running bot has them. */
const voice = multilingualBot();
const say = (key: string, language: string, params?: Record<string, string | number>) =>
  voice.say(key, { language }, params);

/** What registration sent for a command, as far as these checks read it. */
const option: z.ZodType<{
  name: string;
  description_localizations?: Record<string, string> | null | undefined;
  options?: Array<{
    name: string;
    description_localizations?: Record<string, string> | null | undefined;
    options?: unknown;
  }>;
}> = z.lazy(() =>
  z.object({
    name: z.string(),
    description_localizations: z.record(z.string(), z.string()).nullish(),
    options: z.array(option).optional(),
  }),
);
const registered = z.object({
  name: z.string(),
  default_member_permissions: z.string().nullish(),
  options: z.array(option).optional(),
});

const temp = tempFolder();
afterAll(() => temp.cleanup());
let n = 0;
let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const MANAGER = MEMBER | MANAGE_CHANNELS;
const ADMINISTRATOR = 8n;
const AUTOCOMPLETE = 4;

async function start(now = '2025-10-20T12:00:00Z'): Promise<Rig> {
  rig = await startRig({
    databasePath: path.join(temp.dir, `cmd-${++n}.sqlite`),
    clock: new ManualClock(now),
  });
  return rig;
}

function targetOf(r: Rig) {
  return { platform: 'discord' as const, workspaceId: r.fake.guildId, channelId: r.fake.channelId };
}

describe('/announce subscribe, unsubscribe and status', () => {
  it('a member with Manage Channels subscribes: the row is stored and status shows the next time', async () => {
    const r = await start();
    const manager = user();
    const options = [
      { name: 'schedule', type: STRING, value: 'light' },
      { name: 'timezone', type: STRING, value: 'europe/berlin' },
    ];
    const body = await interact(
      r.fake,
      announce(r.fake, 'subscribe', { user: manager, permissions: MANAGER, options }),
    );
    // The channel sees that it is now subscribed.
    expect(body.type).toBe(CALLBACK.reply);
    expect(body.data?.flags ?? 0).toBe(0);
    expect(body.data?.content).toContain('Subscribed.');
    expect(body.data?.content).toContain('**light** announcements, in Europe/Berlin');
    expect(body.data?.allowed_mentions).toEqual({ parse: [] });
    expect(body.data?.content).not.toContain("I don't have");

    const stored = await r.service.store.getSubscription(targetOf(r));
    expect(stored).toMatchObject({
      platform: 'discord',
      workspaceId: r.fake.guildId,
      channelId: r.fake.channelId,
      schedule: 'light',
      timeZone: 'Europe/Berlin',
      // The stand-in's server is en-US.
      language: 'en',
      state: 'active',
      subscribedBy: manager.id,
    });

    // Anyone may ask; the answer is private. 7 days before 3 Nov, 09:00 in Berlin (CET by then) is 08:00Z.
    const status = await interact(r.fake, announce(r.fake, 'status', { user: user() }));
    expect(status.data?.flags).toBe(EPHEMERAL);
    const unix = Date.parse('2025-10-27T08:00:00Z') / 1000;
    expect(status.data?.content).toBe(
      [
        'This channel gets the **light** announcements, in Europe/Berlin.',
        'Language: English (en).',
        'Next: 7 days before the start date, Mon, 27 Oct 2025, 09:00 (Europe/Berlin).',
        `In your time: <t:${unix}:F> (<t:${unix}:R>).`,
      ].join('\n'),
    );
  });

  it('in a server whose locale is German the subscription is German, its confirmation too, and status says so', async () => {
    const r = await start();
    const interaction = announce(r.fake, 'subscribe', { user: user(), permissions: MANAGER });
    interaction.guild_locale = 'de';
    const body = await interact(r.fake, interaction);
    // The channel reads the confirmation: it is in the channel's language, not the member's (en-GB).
    expect(body.data?.content).toContain(say('announce.status.language', 'de', { language: 'Deutsch (de)' }));
    expect(body.data?.content).toContain(say('announce.status.in-your-time', 'de', { when: '' }).slice(0, 8));
    expect(await r.service.store.getSubscription(targetOf(r))).toMatchObject({ language: 'de' });
    const status = await interact(r.fake, announce(r.fake, 'status', { user: user() }));
    expect(status.data?.content).toContain('\nLanguage: Deutsch (de).\n');
  });

  it('a language picked in the command wins over the server’s locale; a locale the bot lacks is English', async () => {
    const r = await start();
    const picked = announce(r.fake, 'subscribe', {
      user: user(),
      permissions: MANAGER,
      options: [{ name: 'language', type: STRING, value: 'fr' }],
    });
    picked.guild_locale = 'de';
    await interact(r.fake, picked);
    expect(await r.service.store.getSubscription(targetOf(r))).toMatchObject({ language: 'fr' });

    // Brazilian Portuguese is Discord's only Portuguese; Japanese is not a language the bot speaks.
    for (const [locale, language] of [
      ['pt-BR', 'pt'],
      ['ja', 'en'],
    ]) {
      const again = announce(r.fake, 'subscribe', { user: user(), permissions: MANAGER });
      again.guild_locale = locale;
      await interact(r.fake, again);
      expect(await r.service.store.getSubscription(targetOf(r))).toMatchObject({ language });
    }
  });

  it('a language that is not one of the choices (an old registration, a hand-made request) is refused privately', async () => {
    const r = await start();
    const body = await interact(
      r.fake,
      announce(r.fake, 'subscribe', {
        user: user(),
        permissions: MANAGER,
        options: [{ name: 'language', type: STRING, value: 'tlh' }],
      }),
    );
    expect(body.data?.flags).toBe(EPHEMERAL);
    expect(body.data?.content).toMatch(
      /^I can't announce in "tlh"\. Languages: English \(en\), Deutsch \(de\)/,
    );
    expect(await r.service.store.listSubscriptions()).toEqual([]);
  });

  it('a member without Manage Channels is refused privately and nothing is stored', async () => {
    const r = await start();
    for (const sub of ['subscribe', 'unsubscribe']) {
      const body = await interact(r.fake, announce(r.fake, sub, { user: user(), permissions: MEMBER }));
      expect(body.type).toBe(CALLBACK.reply);
      expect(body.data?.flags).toBe(EPHEMERAL);
      expect(body.data?.content).toBe(refusalNotice(voice));
    }
    expect(await r.service.store.listSubscriptions()).toEqual([]);
  });

  it('Administrator counts as Manage Channels, as it does everywhere in Discord', async () => {
    const r = await start();
    const body = await interact(
      r.fake,
      announce(r.fake, 'subscribe', { user: user(), permissions: MEMBER | ADMINISTRATOR }),
    );
    expect(body.data?.content).toContain('**default** announcements, in UTC');
    expect(await r.service.store.getSubscription(targetOf(r))).toMatchObject({ schedule: 'default' });
  });

  it('unsubscribe removes the subscription; status then says the channel is not subscribed', async () => {
    const r = await start();
    const manager = user();
    await interact(r.fake, announce(r.fake, 'subscribe', { user: manager, permissions: MANAGER }));
    expect(await r.service.store.getSubscription(targetOf(r))).toBeDefined();

    const body = await interact(
      r.fake,
      announce(r.fake, 'unsubscribe', { user: manager, permissions: MANAGER }),
    );
    expect(body.data?.flags ?? 0).toBe(0);
    expect(body.data?.content).toMatch(/^Unsubscribed/);
    expect(await r.service.store.getSubscription(targetOf(r))).toBeUndefined();

    const again = await interact(
      r.fake,
      announce(r.fake, 'unsubscribe', { user: manager, permissions: MANAGER }),
    );
    expect(again.data?.content).toBe('This channel was not subscribed to announcements.');
    const status = await interact(r.fake, announce(r.fake, 'status', { user: user() }));
    expect(status.data?.content).toBe('This channel is not subscribed to announcements.');
  });

  it('a time zone it does not know, or a fixed offset, is refused privately with a hint', async () => {
    const r = await start();
    for (const zone of ['+02:00', 'Mars/Olympus']) {
      const body = await interact(
        r.fake,
        announce(r.fake, 'subscribe', {
          user: user(),
          permissions: MANAGER,
          options: [{ name: 'timezone', type: STRING, value: zone }],
        }),
      );
      expect(body.data?.flags).toBe(EPHEMERAL);
      expect(body.data?.content).toContain(`"${zone}" is not a time zone I know.`);
    }
    expect(await r.service.store.listSubscriptions()).toEqual([]);
  });

  it('a schedule it does not have (sent by an old registration) is refused privately with the list', async () => {
    const r = await start();
    const body = await interact(
      r.fake,
      announce(r.fake, 'subscribe', {
        user: user(),
        permissions: MANAGER,
        options: [{ name: 'schedule', type: STRING, value: 'weekly' }],
      }),
    );
    expect(body.data?.flags).toBe(EPHEMERAL);
    expect(body.data?.content).toBe('There is no schedule "weekly". Schedules: default, light.');
    expect(await r.service.store.listSubscriptions()).toEqual([]);
  });

  it('a sub-command this version does not have gets the usage, privately', async () => {
    const r = await start();
    const body = await interact(r.fake, announce(r.fake, 'pause', { user: user(), permissions: MANAGER }));
    expect(body.data?.flags).toBe(EPHEMERAL);
    expect(body.data?.content).toBe(
      'Use `/announce subscribe`, `/announce unsubscribe` or `/announce status`.',
    );
  });

  it('when the database fails the member gets the general error notice, privately', async () => {
    const r = await start();
    await r.service.store.close();
    const body = await interact(
      r.fake,
      announce(r.fake, 'subscribe', { user: user(), permissions: MANAGER }),
    );
    expect(body.data?.flags).toBe(EPHEMERAL);
    expect(body.data?.content).toBe(ui('error.answer'));
    expect(r.logger.lines).toContainEqual(expect.objectContaining({ msg: 'discord.handler_failed' }));
  });

  it('in a DM it explains that announcements are for server channels', async () => {
    const r = await start();
    const body = await interact(r.fake, announce(r.fake, 'subscribe', { user: user(), guild: false }));
    expect(body.data?.flags).toBe(EPHEMERAL);
    expect(body.data?.content).toBe(dmNotice(voice));
    expect(await r.service.store.listSubscriptions()).toEqual([]);
  });

  it('warns the subscriber when the bot itself cannot post in the channel', async () => {
    const r = await start();
    const interaction = announce(r.fake, 'subscribe', { user: user(), permissions: MANAGER });
    interaction.app_permissions = String(1024n | 65536n); // View Channel and history only
    const body = await interact(r.fake, interaction);
    expect(body.data?.content).toContain("I don't have Send Messages, Embed Links in this channel");
    expect(body.data?.content).toContain('the subscription will pause (`/announce status` says why)');
  });

  it('a member whose Discord is in German is answered in German: refusal, status, mistakes and the DM notice', async () => {
    const r = await start();
    const german = (i: ReturnType<typeof announce>) => Object.assign(i, { locale: 'de' });
    const refused = await interact(
      r.fake,
      german(announce(r.fake, 'subscribe', { user: user(), permissions: MEMBER })),
    );
    expect(refused.data?.content).toBe(refusalNotice(voice, 'de'));
    expect(refused.data?.content).toContain('Kanäle verwalten');
    expect(refused.data?.content).not.toBe(refusalNotice(voice));
    const status = await interact(r.fake, german(announce(r.fake, 'status', { user: user() })));
    expect(status.data?.content).toBe(say('announce.status.not-subscribed', 'de'));
    const dm = await interact(r.fake, german(announce(r.fake, 'subscribe', { user: user(), guild: false })));
    expect(dm.data?.content).toBe(dmNotice(voice, 'de'));
    const bad = announce(r.fake, 'subscribe', {
      user: user(),
      permissions: MANAGER,
      options: [{ name: 'language', type: STRING, value: 'tlh' }],
    });
    const mistake = await interact(r.fake, Object.assign(bad, { locale: 'pl' }));
    expect(mistake.data?.content).toMatch(/"tlh"|„tlh”|«tlh»|« tlh »/);
    expect(mistake.data?.content).not.toMatch(/^I can't announce/);
    expect(await r.service.store.listSubscriptions()).toEqual([]);
  });

  it('the warning about what the bot lacks names Discord permissions as the channel language calls them', async () => {
    const r = await start();
    const interaction = announce(r.fake, 'subscribe', {
      user: user(),
      permissions: MANAGER,
      options: [{ name: 'language', type: STRING, value: 'fr' }],
    });
    interaction.app_permissions = String(1024n | 65536n); // View Channel and history only
    const body = await interact(r.fake, interaction);
    const missing = ['send-messages', 'embed-links']
      .map((p) => say(`discord.permission.${p}`, 'fr'))
      .join(', ');
    expect(body.data?.content).toContain(
      say('announce.subscribe.cannot-post', 'fr', { missing, status: '`/announce status`' }),
    );
  });

  it('without only Embed Links it says announcements would lack their card', async () => {
    const r = await start();
    const interaction = announce(r.fake, 'subscribe', { user: user(), permissions: MANAGER });
    interaction.app_permissions = String(1024n | 2048n | 65536n); // no Embed Links
    const body = await interact(r.fake, interaction);
    expect(body.data?.content).toContain(
      "**Note:** I don't have Embed Links in this channel. Until I do, announcements would show without their card.",
    );
    expect(await r.service.store.getSubscription(targetOf(r))).toMatchObject({ state: 'active' });
  });

  it('the time zone option autocompletes IANA zones matching what was typed', async () => {
    const r = await start();
    const typed = (value: string) =>
      announce(r.fake, 'subscribe', {
        user: user(),
        permissions: MANAGER,
        type: AUTOCOMPLETE,
        options: [{ name: 'timezone', type: STRING, value, focused: true }],
      });
    const body = await interact(r.fake, typed('berl'));
    expect(body.type).toBe(CALLBACK.autocomplete);
    expect(body.data?.choices?.[0]).toEqual({
      name: 'Europe/Berlin (UTC+02:00 now)',
      value: 'Europe/Berlin',
    });

    const ny = await interact(r.fake, typed('new york'));
    expect(ny.data?.choices?.map((c) => c.value)).toContain('America/New_York');
  });
});

describe('time zone choices', () => {
  const now = new Date('2025-12-01T00:00:00Z');

  it('offer at most 25 zones of at most 100 characters, all known to Intl', () => {
    for (const typed of ['', 'a', 'america', 'europe/', 'zzz']) {
      const choices = timeZoneChoices(typed, now);
      expect(choices.length).toBeLessThanOrEqual(25);
      for (const c of choices) {
        expect(c.name.length).toBeGreaterThan(0);
        expect(c.name.length).toBeLessThanOrEqual(100);
        expect(() => new Intl.DateTimeFormat('en', { timeZone: c.value })).not.toThrow();
      }
    }
    expect(timeZoneChoices('zzz', now)).toEqual([]);
  });

  it('rank the exact zone, then names and cities starting with the text', () => {
    expect(timeZoneChoices('utc', now)[0]?.value).toBe('UTC');
    expect(timeZoneChoices('Tokyo', now)[0]).toEqual({
      name: 'Asia/Tokyo (UTC+09:00 now)',
      value: 'Asia/Tokyo',
    });
    // Current names, even where Node's ICU lists the old ones (Asia/Calcutta, Europe/Kiev).
    expect(timeZoneChoices('kolk', now)[0]?.value).toBe('Asia/Kolkata');
    expect(timeZoneChoices('Asia/Calcutta', now)[0]?.value).toBe('Asia/Kolkata');
    expect(timeZoneChoices('ky', now).map((c) => c.value)).toContain('Europe/Kyiv');
    expect(timeZoneChoices('US/Pacific', now)[0]?.value).toBe('America/Los_Angeles');
    expect(timeZoneChoices('', now)[0]?.value).toBe('UTC');
  });
});

describe('/announce definition and registration', () => {
  const schedules = loadSchedules();

  it('has the three subcommands, the schedules as choices, and Manage Channels as default permission', () => {
    const def = announceDefinition(schedules);
    expect(def.name).toBe(ANNOUNCE_COMMAND);
    expect(def.default_member_permissions).toBe(MANAGE_CHANNELS.toString());
    expect(def.contexts).toEqual([0]); // servers only
    const subs = (def.options ?? []) as Array<{
      name: string;
      type: number;
      options?: Array<{ name: string; choices?: Array<{ value: string }>; autocomplete?: boolean }>;
    }>;
    expect(subs.map((s) => [s.name, s.type])).toEqual([
      ['subscribe', 1],
      ['unsubscribe', 1],
      ['status', 1],
    ]);
    const [schedule, timezone, language] = subs[0]?.options ?? [];
    expect(schedule?.choices?.map((c) => c.value)).toEqual([...schedules.keys()]);
    expect(timezone).toMatchObject({ name: 'timezone', autocomplete: true });
    // The eight languages, each named in itself.
    expect(language?.name).toBe('language');
    expect(language?.choices).toEqual([
      { name: 'English', value: 'en' },
      { name: 'Deutsch', value: 'de' },
      { name: 'Français', value: 'fr' },
      { name: 'Español', value: 'es' },
      { name: 'Italiano', value: 'it' },
      { name: 'Nederlands', value: 'nl' },
      { name: 'Polski', value: 'pl' },
      { name: 'Português', value: 'pt' },
    ]);
    expect(commandDefinitions([{ definition: def }]).map((c) => c.name)).toContain('announce');
  });

  it('npm run discord:register sends /announce with its default member permissions', async () => {
    const fake = await FakeDiscord.start();
    try {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [path.resolve('dist/app/discord-register.js')],
        {
          cwd: temp.dir, // away from any .env
          env: {
            PATH: process.env.PATH,
            DISCORD_TOKEN: fake.token,
            DISCORD_APPLICATION_ID: fake.applicationId,
            DISCORD_API_URL: fake.apiUrl,
          },
          timeout: 10_000,
        },
      );
      expect(stdout).toContain('/optout, /ask, /deadline, /help, /announce');
      const put = await fake.waitForCall((c) => c.method === 'PUT');
      const sent = z
        .array(registered)
        .parse(put.body)
        .find((c) => c.name === 'announce');
      expect(sent?.default_member_permissions).toBe('16');
      // The language option's description in each language, from knowledge/i18n/<lang>/ui.yaml.
      const subscribe = sent?.options?.find((o) => o.name === 'subscribe');
      const language = subscribe?.options?.find((o) => o.name === 'language');
      expect(language?.description_localizations?.de).toMatch(/^Sprache der Erinnerungen/);
      expect(language?.description_localizations?.['pt-BR']).toEqual(expect.any(String));
      expect(language?.description_localizations?.['es-419']).toEqual(expect.any(String));
    } finally {
      await fake.close();
    }
  });
});
