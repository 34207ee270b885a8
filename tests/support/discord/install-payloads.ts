// Interactions as Discord sends them for the two things payloads.ts does not cover: a command used through
// a user install (the member installed the app to their own account), from places the bot has not joined,
// and the message command, which carries the selected message in data.resolved.messages.
import { randomBytes } from 'node:crypto';
import { type FakeUser, messageBase, snowflake, user as someUser } from './payloads.js';

interface Ids {
  guildId: string;
  channelId: string;
  applicationId: string;
}

/**
 * Where the interaction comes from. `guild`: the fake's own server, where the bot is (guild install);
 * `foreign-guild`: a server the bot is not in (context 0, user install only); `bot-dm`: the DM with the bot
 * (context 1); `group-dm` and `user-dm`: a group DM and a DM between two people (context 2, user install).
 */
export type Place = 'guild' | 'foreign-guild' | 'bot-dm' | 'group-dm' | 'user-dm';

// What Discord grants an app in DMs and group DMs with other people: Attach Files, Embed Links, Mention
// Everyone. In a server it is whatever the server grants; a server the bot is not in grants about the same.
const PRIVATE_APP_PERMISSIONS = String((1n << 15n) | (1n << 14n) | (1n << 17n));
const GUILD_PERMISSIONS = '68608';

function where(ids: Ids, place: Place, asker: FakeUser, permissions: string): Record<string, unknown> {
  const member = { user: asker, roles: [], joined_at: new Date().toISOString(), permissions };
  switch (place) {
    case 'guild':
      return {
        guild_id: ids.guildId,
        guild_locale: 'en-US',
        channel_id: ids.channelId,
        channel: { id: ids.channelId, type: 0, name: 'general', guild_id: ids.guildId },
        member,
        context: 0,
        // Both: the server added the bot, and the asker has installed it too.
        authorizing_integration_owners: { '0': ids.guildId, '1': asker.id },
        app_permissions: GUILD_PERMISSIONS,
      };
    case 'foreign-guild': {
      const guildId = snowflake();
      const channelId = snowflake();
      return {
        guild_id: guildId,
        guild_locale: 'en-US',
        channel_id: channelId,
        channel: { id: channelId, type: 0, name: 'elsewhere', guild_id: guildId },
        member,
        context: 0,
        authorizing_integration_owners: { '1': asker.id },
        app_permissions: PRIVATE_APP_PERMISSIONS,
      };
    }
    case 'bot-dm': {
      const channelId = snowflake();
      return {
        channel_id: channelId,
        channel: { id: channelId, type: 1, recipients: [asker] },
        user: asker,
        context: 1,
        authorizing_integration_owners: { '1': asker.id },
        app_permissions: PRIVATE_APP_PERMISSIONS,
      };
    }
    case 'group-dm':
    case 'user-dm': {
      const channelId = snowflake();
      const others = place === 'group-dm' ? [someUser(), someUser()] : [someUser()];
      return {
        channel_id: channelId,
        channel:
          place === 'group-dm'
            ? { id: channelId, type: 3, name: null, icon: null, owner_id: asker.id, recipients: others }
            : { id: channelId, type: 1, recipients: others },
        user: asker,
        context: 2,
        authorizing_integration_owners: { '1': asker.id },
        app_permissions: PRIVATE_APP_PERMISSIONS,
      };
    }
  }
}

function interaction(
  ids: Ids,
  place: Place,
  asker: FakeUser,
  data: unknown,
  permissions = '68608',
): Record<string, unknown> {
  return {
    id: snowflake(),
    application_id: ids.applicationId,
    type: 2,
    token: randomBytes(16).toString('hex'),
    version: 1,
    locale: 'en-GB',
    entitlements: [],
    ...where(ids, place, asker, permissions),
    data,
  };
}

export interface CommandOption {
  name: string;
  type: number;
  value?: string | boolean;
  /** A subcommand's own options. */
  options?: CommandOption[];
}

/** A slash command used at `place`; `permissions` are the asker's in a server channel (default: a member's). */
export function installedCommand(
  ids: Ids,
  name: string,
  options: CommandOption[],
  opts: { user: FakeUser; place: Place; permissions?: bigint },
): Record<string, unknown> {
  const data = { id: snowflake(), name, type: 1, options };
  return interaction(ids, opts.place, opts.user, data, String(opts.permissions ?? 68608n));
}

/** A message as the message command's `resolved.messages` carries it: text included, whatever the intents. */
export function selectedMessage(opts: {
  channelId: string;
  author?: FakeUser;
  content: string;
  embeds?: unknown[];
}): Record<string, unknown> {
  return {
    ...messageBase(opts.channelId, opts.author ?? someUser()),
    content: opts.content,
    embeds: opts.embeds ?? [],
  };
}

/** The message command `name` (by default "Ask optout-bot") used on a message with `content` at `place`. */
export function messageCommand(
  ids: Ids,
  opts: { user: FakeUser; content: string; place?: Place; name?: string; embeds?: unknown[] },
): Record<string, unknown> {
  const base = interaction(ids, opts.place ?? 'guild', opts.user, undefined);
  const target = selectedMessage({
    channelId: String(base.channel_id),
    content: opts.content,
    embeds: opts.embeds,
  });
  const id = String(target.id);
  return {
    ...base,
    data: {
      id: snowflake(),
      name: opts.name ?? 'Ask optout-bot',
      type: 3,
      target_id: id,
      resolved: { messages: { [id]: target } },
    },
  };
}
