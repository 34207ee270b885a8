// The application commands FakeDiscord keeps, per scope ('global' or a guild id), behind the routes a
// registration uses: GET and bulk-overwrite PUT of /applications/:id/commands and
// /applications/:id/guilds/:guild/commands. A PUT replaces its own scope only, as Discord's does, so a test
// can see the duplicate that registering in the other scope leaves behind. It refuses what Discord would
// refuse of the commands this bot sends (a slash name Discord's pattern rejects, a description on a
// context-menu command, a name repeated within a type), with Discord's 50035 Invalid Form Body.
import type { RestCall } from './fake-records.js';
import { snowflake } from './payloads.js';
import type { ScriptedAnswer } from './rest-scripts.js';

export interface StoredCommand {
  id: string;
  application_id: string;
  guild_id?: string;
  name: string;
  type: number;
  description: string;
  [field: string]: unknown;
}

const SLASH_NAME = /^[-_\p{Ll}\p{Lm}\p{Lo}\p{N}]{1,32}$/u;
const ROUTE = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/;

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? Object.fromEntries(Object.entries(value))
    : undefined;
}

/** Why Discord would refuse this list, or undefined. */
function invalid(body: unknown[]): string | undefined {
  const seen = new Set<string>();
  for (const [i, item] of body.entries()) {
    const command = record(item);
    const name = command?.name;
    if (!command || typeof name !== 'string') return `${i}.name: required`;
    const type = typeof command.type === 'number' ? command.type : 1;
    if (type === 1 && !SLASH_NAME.test(name)) return `${i}.name: APPLICATION_COMMAND_INVALID_NAME`;
    if (type !== 1 && typeof command.description === 'string' && command.description !== '')
      return `${i}.description: context menu commands cannot have a description`;
    if (type !== 1 && (name.length < 1 || name.length > 32)) return `${i}.name: BASE_TYPE_BAD_LENGTH`;
    const key = `${type}:${name}`;
    if (seen.has(key)) return `${i}.name: APPLICATION_COMMANDS_DUPLICATE_NAME`;
    seen.add(key);
  }
  return undefined;
}

export class FakeCommands {
  /** Saved commands per scope: 'global', or the guild id. */
  readonly scopes = new Map<string, StoredCommand[]>();
  /** Scopes that answer every command request with this (e.g. 403 Missing Access for a server the app left). */
  readonly refusals = new Map<string, ScriptedAnswer>();

  constructor(readonly applicationId: string) {}

  /** What a scope holds now. */
  list(scope: string): StoredCommand[] {
    return this.scopes.get(scope) ?? [];
  }

  /** Put commands in a scope directly, as an earlier registration would have. */
  seed(scope: string, commands: Array<{ name: string; type?: number; description?: string }>): void {
    this.scopes.set(scope, this.#save(scope, commands));
  }

  /** The answer to a command route, or undefined when `call` is not one. */
  route(call: RestCall): [number, unknown?, Record<string, string>?] | undefined {
    const m = ROUTE.exec(call.path);
    if (!m || (call.method !== 'GET' && call.method !== 'PUT')) return undefined;
    if (m[1] !== this.applicationId) return [403, { message: 'Missing Access', code: 50001 }];
    const scope = m[2] ?? 'global';
    const refused = this.refusals.get(scope);
    if (refused) return [refused.status, refused.body, refused.headers];
    if (call.method === 'GET') return [200, this.list(scope)];
    if (!Array.isArray(call.body)) return [400, { message: '400: Bad Request', code: 0 }];
    const problem = invalid(call.body);
    if (problem) return [400, { message: `Invalid Form Body\n${problem}`, code: 50035 }];
    const saved = this.#save(
      scope,
      call.body.map((c) => record(c) ?? {}),
    );
    this.scopes.set(scope, saved);
    return [200, saved];
  }

  #save(scope: string, commands: Array<Record<string, unknown>>): StoredCommand[] {
    return commands.map((c) => ({
      ...c,
      id: snowflake(),
      application_id: this.applicationId,
      ...(scope === 'global' ? {} : { guild_id: scope }),
      name: String(c.name),
      type: typeof c.type === 'number' ? c.type : 1,
      // Discord answers a context-menu command with an empty description rather than none.
      description: typeof c.description === 'string' ? c.description : '',
    }));
  }
}
