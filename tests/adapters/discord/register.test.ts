// Command registration and the invite link, against the loopback REST stand-in, including the compiled
// `npm run discord:register` entry point run as a user would.
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { PermissionsBitField } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { commandDefinitions } from '../../../adapters/discord/commands.js';
import { inviteUrl, registerCommands } from '../../../adapters/discord/registration.js';
import { FakeDiscord } from '../../support/discord/fake-discord.js';

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
  return {
    token: f.token,
    applicationId: f.applicationId,
    guildId,
    apiUrl: f.apiUrl,
    sharding: 'off' as const,
  };
}

type Definition = {
  name: string;
  contexts?: number[];
  options?: Array<{ name: string; autocomplete?: boolean }>;
};

describe('Discord command registration', () => {
  it('overwrites the global commands with /optout, /ask, /deadline and /help', async () => {
    fake = await FakeDiscord.start();
    const result = await registerCommands(configFor(fake), commandDefinitions());
    expect(result).toEqual({ scope: 'global', names: ['optout', 'ask', 'deadline', 'help'] });
    const call = await fake.waitForCall((c) => c.method === 'PUT');
    expect(call.path).toBe(`/applications/${fake.applicationId}/commands`);
    expect(call.authorized).toBe(true);
    const sent = call.body as Definition[];
    // Usable in servers (0) and in DMs with the bot (1), each with the "only me" option.
    for (const command of sent) {
      expect(command.contexts).toEqual([0, 1]);
      expect(command.options?.map((o) => o.name)).toContain('private');
    }
    expect(sent.find((c) => c.name === 'ask')?.options?.[0]).toMatchObject({
      name: 'question',
      autocomplete: true,
    });
  });

  it('registers in one server when a guild id is set, for instant updates', async () => {
    fake = await FakeDiscord.start();
    const guildId = '123456789012345678';
    const result = await registerCommands(configFor(fake, guildId), commandDefinitions());
    expect(result.scope).toBe('guild');
    await fake.waitForCall(
      (c) =>
        c.method === 'PUT' && c.path === `/applications/${fake?.applicationId}/guilds/${guildId}/commands`,
    );
  });

  it('includes extra commands such as /announce when given', () => {
    const names = commandDefinitions([{ definition: { name: 'announce', description: 'x' } }]).map(
      (c) => c.name,
    );
    expect(names).toEqual(['optout', 'ask', 'deadline', 'help', 'announce']);
  });

  it('builds an invite URL asking only for the permissions the bot uses', () => {
    const url = new URL(inviteUrl('111111111111111111', '222222222222222222'));
    expect(url.origin + url.pathname).toBe('https://discord.com/oauth2/authorize');
    expect(url.searchParams.get('scope')).toBe('bot applications.commands');
    expect(url.searchParams.get('guild_id')).toBe('222222222222222222');
    const granted = new PermissionsBitField(BigInt(url.searchParams.get('permissions') ?? '0')).toArray();
    expect(granted.sort()).toEqual(
      ['EmbedLinks', 'ReadMessageHistory', 'SendMessages', 'SendMessagesInThreads', 'ViewChannel'].sort(),
    );
  });

  it('the discord:register script registers the commands and prints the invite URL, not the token', async () => {
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
    expect(stdout).toContain('/optout, /ask, /deadline, /help');
    expect(stdout).toContain(inviteUrl(fake.applicationId));
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
