// What `npm run discord:register` prints after registering: what went where, what was removed from the
// other scope (or why not), a warning when a server will show commands twice, and the install links.
// Loads nothing from discord.js; every sentence comes from the catalog.
import { discordMessages as say } from './catalog.js';
import type { Cleared, RegisterResult } from './registration.js';

export interface InstallLinks {
  /** Adds the bot to a server with the permissions mentions and announcements use. */
  server: string;
  /** Adds it to a server with permissions=0: the slash commands and the message command still work. */
  serverNoPermissions: string;
  /** Installs it to the member's own account (integration_type=1). */
  user: string;
}

function clearedLine(c: Cleared): string {
  const where = c.where.kind === 'guild' ? `in server ${c.where.guildId}` : 'registered globally';
  if ('error' in c) return say['register.clear-failed']({ where, reason: c.error });
  if (c.where.kind === 'global') {
    return c.removed.length > 0
      ? say['register.cleared-global']({ removed: c.removed })
      : say['register.nothing-global']();
  }
  return c.removed.length > 0
    ? say['register.cleared-guild']({ removed: c.removed, guild: c.where.guildId })
    : say['register.nothing-in-guild']({ guild: c.where.guildId });
}

export function describeRegistration(result: RegisterResult, links: InstallLinks): string {
  const lines: string[] = [];
  if (result.scope === 'guild' && result.guildId) {
    const guild = result.guildId;
    lines.push(say['register.guild']({ commands: result.commands, guild }));
    lines.push(...result.cleared.map(clearedLine));
    const copies = result.globalCopies;
    if (copies && 'error' in copies)
      lines.push(say['register.global-check-failed']({ reason: copies.error }));
    else if (copies && copies.found.length > 0)
      lines.push(say['register.global-copies']({ found: copies.found, guild }));
    lines.push(say['register.user-install-needs-global']());
  } else {
    lines.push(say['register.global']({ commands: result.commands }));
    lines.push(...result.cleared.map(clearedLine));
    // A global run cannot know which servers hold old copies (it would have to ask every one of them).
    if (result.cleared.length === 0) lines.push(say['register.clear-hint']());
  }
  return [
    lines.join('\n'),
    say['register.invite-server']({ url: links.server }),
    say['register.invite-no-permissions']({ url: links.serverNoPermissions }),
    say['register.invite-user']({ url: links.user }),
  ].join('\n\n');
}

/** Whether any scope the run was asked to clear could not be: the script then exits with 1. */
export function clearingFailed(result: RegisterResult): boolean {
  return result.cleared.some((c) => 'error' in c);
}
