// Registration across the two scopes, at the loopback REST stand-in (which keeps commands per scope, as
// Discord does): a bulk overwrite replaces its own scope only, so moving between a test server and global
// leaves copies in the other one, which show as duplicates until cleared. Through registerCommands and
// through the compiled `npm run discord:register` entry point with its options.
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { discordMessages } from '../../../adapters/discord/catalog.js';
import { commandDefinitions } from '../../../adapters/discord/commands.js';
import { parseRegisterArgs, RegisterUsageError } from '../../../adapters/discord/register-options.js';
import { registerCommands } from '../../../adapters/discord/registration.js';
import { discordError, FakeDiscord, fakeDiscordConfig } from '../../support/discord/fake-discord.js';

const run = promisify(execFile);
const script = resolve('dist/app/discord-register.js');
let fake: FakeDiscord | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const TEST_SERVER = '123456789012345678';
const OTHER_SERVER = '223456789012345678';
const OLD_SET = [{ name: 'optout' }, { name: 'ask' }, { name: 'retired' }];
const NAMES = ['optout', 'ask', 'deadline', 'help', 'Ask optout-bot'];

function configFor(f: FakeDiscord, guildId?: string) {
  return fakeDiscordConfig(f, guildId);
}

const names = (commands: Array<{ name: string }>) => commands.map((c) => c.name);

/** Run the compiled script against `f`, from an empty directory so no .env is read; never rejects. */
async function register(f: FakeDiscord, args: string[], env: Record<string, string> = {}) {
  return run(process.execPath, [script, ...args], {
    cwd: tmpdir(),
    env: {
      PATH: process.env.PATH,
      DISCORD_TOKEN: f.token,
      DISCORD_APPLICATION_ID: f.applicationId,
      DISCORD_API_URL: f.apiUrl,
      ...env,
    },
    timeout: 10_000,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      stdout: e.stdout,
      stderr: e.stderr,
    }),
  );
}

describe('registering in one scope and clearing the other', () => {
  it('globally with clearGuilds: the old test server loses its copies, after the new set is in place', async () => {
    fake = await FakeDiscord.start();
    fake.commands.seed(TEST_SERVER, OLD_SET);
    const result = await registerCommands(configFor(fake), commandDefinitions(), {
      clearGuilds: [TEST_SERVER],
    });
    expect(names(fake.commands.list('global'))).toEqual(NAMES);
    expect(fake.commands.list(TEST_SERVER)).toEqual([]);
    expect(result.cleared).toEqual([
      { where: { kind: 'guild', guildId: TEST_SERVER }, removed: OLD_SET.map((c) => ({ ...c, type: 1 })) },
    ]);
    const writes = fake.calls.filter((c) => c.method === 'PUT').map((c) => c.path);
    expect(writes).toEqual([
      `/applications/${fake.applicationId}/commands`,
      `/applications/${fake.applicationId}/guilds/${TEST_SERVER}/commands`,
    ]);
  });

  it('a server with nothing to clear is only read, not written', async () => {
    fake = await FakeDiscord.start();
    const result = await registerCommands(configFor(fake), commandDefinitions(), {
      clearGuilds: [TEST_SERVER],
    });
    expect(result.cleared).toEqual([{ where: { kind: 'guild', guildId: TEST_SERVER }, removed: [] }]);
    expect(fake.calls.filter((c) => c.method === 'PUT')).toHaveLength(1);
  });

  it('in a server: global copies are reported and left alone without clearGlobal', async () => {
    fake = await FakeDiscord.start();
    fake.commands.seed('global', OLD_SET);
    const result = await registerCommands(configFor(fake, TEST_SERVER), commandDefinitions());
    expect(names(fake.commands.list(TEST_SERVER))).toEqual(NAMES);
    expect(names(fake.commands.list('global'))).toEqual(names(OLD_SET));
    expect(result.globalCopies).toEqual({ found: OLD_SET.map((c) => ({ ...c, type: 1 })) });
    expect(result.cleared).toEqual([]);
  });

  it('in a server with clearGlobal: the global commands go, the server keeps the new set', async () => {
    fake = await FakeDiscord.start();
    fake.commands.seed('global', OLD_SET);
    const result = await registerCommands(configFor(fake, TEST_SERVER), commandDefinitions(), {
      clearGlobal: true,
    });
    expect(fake.commands.list('global')).toEqual([]);
    expect(names(fake.commands.list(TEST_SERVER))).toEqual(NAMES);
    expect(result.globalCopies).toBeUndefined();
    expect(result.cleared).toMatchObject([{ where: { kind: 'global' }, removed: OLD_SET }]);
  });

  it('a server that refuses (the app was removed from it) is reported; the registration stands', async () => {
    fake = await FakeDiscord.start();
    fake.commands.refusals.set(OTHER_SERVER, discordError(403, 50001, 'Missing Access'));
    fake.commands.seed(TEST_SERVER, OLD_SET);
    const result = await registerCommands(configFor(fake), commandDefinitions(), {
      clearGuilds: [OTHER_SERVER, TEST_SERVER],
    });
    expect(names(fake.commands.list('global'))).toEqual(NAMES);
    expect(result.cleared[0]).toEqual({
      where: { kind: 'guild', guildId: OTHER_SERVER },
      error: 'Missing Access (HTTP 403, code 50001)',
    });
    // One refusal does not stop the next server from being cleared.
    expect(fake.commands.list(TEST_SERVER)).toEqual([]);
  });

  it('refuses combinations that would undo the registration, before sending anything', async () => {
    fake = await FakeDiscord.start();
    await expect(
      registerCommands(configFor(fake), commandDefinitions(), { clearGlobal: true }),
    ).rejects.toThrow(RegisterUsageError);
    await expect(
      registerCommands(configFor(fake, TEST_SERVER), commandDefinitions(), { clearGuilds: [TEST_SERVER] }),
    ).rejects.toThrow(discordMessages['register.usage.same-guild']({ guild: TEST_SERVER }));
    expect(fake.calls).toEqual([]);
  });

  it('explains a refusal of the installation contexts: User Install must be turned on', async () => {
    fake = await FakeDiscord.start();
    fake.commands.refusals.set('global', {
      status: 400,
      body: {
        message: 'Invalid Form Body',
        code: 50035,
        errors: {
          '0': { integration_types: { _errors: [{ code: 'ENUM_TYPE_COERCE', message: 'Not allowed.' }] } },
        },
      },
    });
    const failure = await registerCommands(configFor(fake), commandDefinitions()).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'discord_register_refused' });
    expect(String(failure)).toContain('Installation Contexts');
    expect(String(failure)).toContain('integration_types');
  });
});

describe('npm run discord:register options', () => {
  it('--clear-guild removes the old test server copies after a global registration', async () => {
    fake = await FakeDiscord.start();
    fake.commands.seed(TEST_SERVER, OLD_SET);
    const { code, stdout, stderr } = await register(fake, ['--clear-guild', TEST_SERVER]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain('globally');
    expect(stdout).toContain(`Removed 3 commands (/optout, /ask, /retired) from server ${TEST_SERVER}.`);
    expect(stdout).not.toContain('--clear-guild <server id>');
    expect(fake.commands.list(TEST_SERVER)).toEqual([]);
    expect(names(fake.commands.list('global'))).toContain('announce');
  });

  it('with DISCORD_GUILD_ID, global copies are pointed out and kept unless --clear-global is given', async () => {
    fake = await FakeDiscord.start();
    fake.commands.seed('global', OLD_SET);
    const kept = await register(fake, [], { DISCORD_GUILD_ID: TEST_SERVER });
    expect(kept.code).toBe(0);
    expect(kept.stdout).toContain(`in server ${TEST_SERVER}: available there now.`);
    expect(kept.stdout).toContain(
      '3 commands of this app are also registered globally (/optout, /ask, /retired)',
    );
    expect(kept.stdout).toContain('--clear-global');
    expect(fake.commands.list('global')).toHaveLength(3);

    const cleared = await register(fake, ['--clear-global'], { DISCORD_GUILD_ID: TEST_SERVER });
    expect(cleared.code).toBe(0);
    expect(cleared.stdout).toContain('Removed 3 commands (/optout, /ask, /retired) registered globally.');
    expect(cleared.stdout).not.toContain('also registered globally');
    expect(fake.commands.list('global')).toEqual([]);
    expect(names(fake.commands.list(TEST_SERVER))).toContain('Ask optout-bot');
  });

  it('exits with 1 when a server could not be cleared, after saying what was registered', async () => {
    fake = await FakeDiscord.start();
    fake.commands.refusals.set(TEST_SERVER, discordError(403, 50001, 'Missing Access'));
    const { code, stdout } = await register(fake, [`--clear-guild=${TEST_SERVER}`]);
    expect(code).toBe(1);
    expect(stdout).toContain('globally');
    expect(stdout).toContain(`Could not remove the commands in server ${TEST_SERVER}: Missing Access`);
  });

  it.each([
    [
      '--clear-global without DISCORD_GUILD_ID',
      ['--clear-global'],
      {},
      /--clear-global needs DISCORD_GUILD_ID/,
    ],
    [
      '--clear-guild naming the server being registered',
      ['--clear-guild', TEST_SERVER],
      { DISCORD_GUILD_ID: TEST_SERVER },
      /names the server DISCORD_GUILD_ID registers in/,
    ],
    ['--clear-guild without a valid id', ['--clear-guild', 'my-test-server'], {}, /needs a server id/],
    ['--clear-guild with nothing after it', ['--clear-guild'], {}, /needs a server id/],
    ['an unknown option', ['--global'], {}, /Unknown option --global/],
  ])('refuses %s with exit code 2 and the usage, sending nothing', async (_name, args, env, message) => {
    fake = await FakeDiscord.start();
    const { code, stdout, stderr } = await register(fake, args, env);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr).toContain('Usage: npm run discord:register --');
    expect(fake.calls).toEqual([]);
  });

  it('--help prints the usage without needing any configuration', async () => {
    const { stdout } = await run(process.execPath, [script, '--help'], {
      cwd: tmpdir(),
      env: { PATH: process.env.PATH },
      timeout: 10_000,
    });
    expect(stdout).toContain(discordMessages['register.usage']());
  });

  it('parses repeated and comma-separated --clear-guild ids once each', () => {
    const args = parseRegisterArgs([
      '--clear-guild',
      `${TEST_SERVER},${OTHER_SERVER}`,
      `--clear-guild=${TEST_SERVER}`,
    ]);
    expect(args).toEqual({ clearGuilds: [TEST_SERVER, OTHER_SERVER], clearGlobal: false, help: false });
  });
});
