// Command registration and the invite link, against the loopback REST stand-in, including the compiled
// `npm run discord:register` entry point run as a user would.
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { PermissionsBitField } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { commandDefinitions } from '../../../adapters/discord/commands.js';
import { inviteUrl, registerCommands, userInstallUrl } from '../../../adapters/discord/registration.js';
import { FakeDiscord, fakeDiscordConfig } from '../../support/discord/fake-discord.js';

const run = promisify(execFile);
// Run from an empty directory so a developer's own .env cannot leak into the test.
const script = resolve('dist/app/discord-register.js');
const cwd = tmpdir();
let fake: FakeDiscord | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function configFor(f: FakeDiscord, guildId?: string) {
  return fakeDiscordConfig(f, guildId);
}

// What the tests read of a sent command list, checked rather than assumed.
const sentCommands = z.array(
  z.looseObject({
    name: z.string(),
    type: z.number().optional(),
    description: z.string().optional(),
    contexts: z.array(z.number()).optional(),
    integration_types: z.array(z.number()).optional(),
    options: z.array(z.looseObject({ name: z.string(), autocomplete: z.boolean().optional() })).optional(),
  }),
);

describe('Discord command registration', () => {
  it('overwrites the global commands: the slash commands and the message command, all user-installable', async () => {
    fake = await FakeDiscord.start();
    const result = await registerCommands(configFor(fake), commandDefinitions());
    expect(result).toMatchObject({ scope: 'global', cleared: [], globalCopies: undefined });
    expect(result.commands).toEqual([
      { name: 'optout', type: 1 },
      { name: 'ask', type: 1 },
      { name: 'deadline', type: 1 },
      { name: 'help', type: 1 },
      { name: 'Ask optout-bot', type: 3 },
    ]);
    const call = await fake.waitForCall((c) => c.method === 'PUT');
    expect(call.path).toBe(`/applications/${fake.applicationId}/commands`);
    expect(call.authorized).toBe(true);
    const sent = sentCommands.parse(call.body);
    // Installable to a server (0) and to a member's account (1); usable in servers (0), the DM with the
    // bot (1), and group DMs and DMs between people (2).
    for (const command of sent) {
      expect(command.integration_types).toEqual([0, 1]);
      expect(command.contexts).toEqual([0, 1, 2]);
    }
    for (const command of sent.filter((c) => (c.type ?? 1) === 1)) {
      expect(command.options?.map((o) => o.name)).toContain('private');
    }
    expect(sent.find((c) => c.name === 'ask')?.options?.[0]).toMatchObject({
      name: 'question',
      autocomplete: true,
    });
    // A message command takes no options and may not carry a description.
    const menu = sent.find((c) => c.type === 3);
    expect(menu).toMatchObject({ name: 'Ask optout-bot' });
    expect(menu?.description).toBeUndefined();
    expect(menu?.options).toBeUndefined();
    expect(fake.commands.list('global').map((c) => c.name)).toEqual(result.commands.map((c) => c.name));
  });

  it('registers in one server when a guild id is set, for instant updates, without global-only fields', async () => {
    fake = await FakeDiscord.start();
    const guildId = '123456789012345678';
    const result = await registerCommands(configFor(fake, guildId), commandDefinitions());
    expect(result.scope).toBe('guild');
    expect(result.guildId).toBe(guildId);
    const put = await fake.waitForCall(
      (c) =>
        c.method === 'PUT' && c.path === `/applications/${fake?.applicationId}/guilds/${guildId}/commands`,
    );
    // Discord documents integration_types and contexts for global commands only.
    for (const command of sentCommands.parse(put.body)) {
      expect(command.integration_types).toBeUndefined();
      expect(command.contexts).toBeUndefined();
    }
    expect(fake.commands.list(guildId)).toHaveLength(5);
    expect(fake.commands.list('global')).toEqual([]);
  });

  it('includes extra commands such as /announce when given', () => {
    const names = commandDefinitions([{ definition: { name: 'announce', description: 'x' } }]).map(
      (c) => c.name,
    );
    expect(names).toEqual(['optout', 'ask', 'deadline', 'help', 'announce', 'Ask optout-bot']);
  });

  it('builds a server invite URL asking only for the permissions the bot uses', () => {
    const url = new URL(inviteUrl('111111111111111111', '222222222222222222'));
    expect(url.origin + url.pathname).toBe('https://discord.com/oauth2/authorize');
    expect(url.searchParams.get('scope')).toBe('bot applications.commands');
    expect(url.searchParams.get('guild_id')).toBe('222222222222222222');
    expect(url.searchParams.get('integration_type')).toBe('0');
    const granted = new PermissionsBitField(BigInt(url.searchParams.get('permissions') ?? '0')).toArray();
    expect(granted.sort()).toEqual(
      ['EmbedLinks', 'ReadMessageHistory', 'SendMessages', 'SendMessagesInThreads', 'ViewChannel'].sort(),
    );
  });

  it('builds a permissions-0 server invite for slash-only use, and a user-install link', () => {
    const bare = new URL(inviteUrl('111111111111111111', undefined, { permissions: 'none' }));
    expect(bare.searchParams.get('permissions')).toBe('0');
    expect(bare.searchParams.get('scope')).toBe('bot applications.commands');
    expect(bare.searchParams.get('integration_type')).toBe('0');
    expect(bare.searchParams.has('guild_id')).toBe(false);

    const personal = new URL(userInstallUrl('111111111111111111'));
    expect(personal.origin + personal.pathname).toBe('https://discord.com/oauth2/authorize');
    expect(personal.searchParams.get('client_id')).toBe('111111111111111111');
    expect(personal.searchParams.get('scope')).toBe('applications.commands');
    expect(personal.searchParams.get('integration_type')).toBe('1');
    expect(personal.searchParams.has('permissions')).toBe(false);
  });

  it('the discord:register script registers the commands and prints the three links, not the token', async () => {
    fake = await FakeDiscord.start();
    const { stdout, stderr } = await run(process.execPath, [script], {
      cwd,
      env: {
        PATH: process.env.PATH,
        DISCORD_TOKEN: fake.token,
        DISCORD_APPLICATION_ID: fake.applicationId,
        DISCORD_API_URL: fake.apiUrl,
      },
      timeout: 10_000,
    });
    expect(stdout).toContain('/optout, /ask, /deadline, /help, /announce, "Ask optout-bot" globally');
    expect(stdout).toContain(inviteUrl(fake.applicationId));
    expect(stdout).toContain(inviteUrl(fake.applicationId, undefined, { permissions: 'none' }));
    expect(stdout).toContain(userInstallUrl(fake.applicationId));
    // A global run cannot see old copies in a test server; it says how to remove them.
    expect(stdout).toContain('--clear-guild <server id>');
    expect(stdout + stderr).not.toContain(fake.token);
    expect(fake.calls.filter((c) => c.method === 'PUT')).toHaveLength(1);
  });

  it('the discord:register script explains what to set when Discord is not configured', async () => {
    const failed = await run(process.execPath, [script], {
      cwd,
      env: { PATH: process.env.PATH },
      timeout: 10_000,
    }).catch((e: { code: number; stderr: string }) => e);
    expect('code' in failed ? failed.code : 0).toBe(1);
    expect('stderr' in failed ? failed.stderr : '').toMatch(/DISCORD_TOKEN and DISCORD_APPLICATION_ID/);
  });
});
