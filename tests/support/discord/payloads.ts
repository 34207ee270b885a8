// Gateway and REST payloads shaped like Discord's, with only the fields discord.js reads. Missing fields it
// needs (entitlements, authorizing_integration_owners, data.type) make it fail inside with unhandled
// rejections, so they are always present here.
import { randomBytes } from 'node:crypto';

const DISCORD_EPOCH = 1_420_070_400_000n;
let increment = 0n;

/** A fresh, valid, increasing snowflake. */
export function snowflake(): string {
  increment = (increment + 1n) % 4096n;
  return String(((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | increment);
}

export interface FakeUser {
  id: string;
  username: string;
  discriminator: string;
  global_name: null;
  avatar: null;
  bot: boolean;
}

export function user(opts: { username?: string; bot?: boolean } = {}): FakeUser {
  return {
    id: snowflake(),
    username: opts.username ?? 'someone',
    discriminator: '0',
    global_name: null,
    avatar: null,
    bot: opts.bot ?? false,
  };
}

interface Ids {
  guildId: string;
  channelId: string;
  applicationId: string;
  botUser: FakeUser;
}

export function guildCreate(ids: Ids): Record<string, unknown> {
  return {
    id: ids.guildId,
    name: 'Test server',
    icon: null,
    owner_id: snowflake(),
    unavailable: false,
    member_count: 2,
    large: false,
    joined_at: new Date().toISOString(),
    features: [],
    emojis: [],
    stickers: [],
    roles: [{ id: ids.guildId, name: '@everyone', permissions: '68608', position: 0, color: 0, flags: 0 }],
    channels: [{ id: ids.channelId, type: 0, name: 'general', position: 0, permission_overwrites: [] }],
    threads: [],
    members: [
      { user: ids.botUser, roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false },
    ],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
  };
}

/** A message as Discord sends it, with no text, embeds or components: callers fill in what they need. */
export function messageBase(channelId: string, author: FakeUser): Record<string, unknown> {
  return {
    id: snowflake(),
    channel_id: channelId,
    author,
    content: '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    components: [],
    pinned: false,
    type: 0,
    flags: 0,
  };
}

/** What Discord answers to a message the bot created or edited: the body echoed as a message. */
export function messageFromBody(body: unknown, channelId: string, author: FakeUser): Record<string, unknown> {
  const sent = (body ?? {}) as Record<string, unknown>;
  return {
    ...messageBase(channelId, author),
    content: sent.content ?? '',
    embeds: sent.embeds ?? [],
    components: sent.components ?? [],
  };
}

/** MESSAGE_CREATE in the guild channel (give `guild: false` for a DM). */
export function messageCreate(
  ids: Ids,
  opts: { author: FakeUser; content: string; mentions?: FakeUser[]; guild?: boolean; channelId?: string },
): Record<string, unknown> {
  const inGuild = opts.guild ?? true;
  return {
    ...messageBase(opts.channelId ?? (inGuild ? ids.channelId : snowflake()), opts.author),
    content: opts.content,
    mentions: opts.mentions ?? [],
    // Discord sends the channel type with each message; discord.js needs it to build an uncached DM channel.
    channel_type: inGuild ? 0 : 1,
    ...(inGuild ? { guild_id: ids.guildId, member: { roles: [], joined_at: new Date().toISOString() } } : {}),
  };
}

interface InteractionOpts {
  user: FakeUser;
  /** false for a DM with the bot. */
  guild?: boolean;
}

function interactionBase(ids: Ids, type: number, opts: InteractionOpts): Record<string, unknown> {
  const inGuild = opts.guild ?? true;
  const where = inGuild
    ? {
        guild_id: ids.guildId,
        guild_locale: 'en-US',
        channel_id: ids.channelId,
        channel: { id: ids.channelId, type: 0, name: 'general' },
        member: { user: opts.user, roles: [], joined_at: new Date().toISOString(), permissions: '68608' },
        context: 0,
        authorizing_integration_owners: { '0': ids.guildId },
      }
    : {
        channel_id: snowflake(),
        user: opts.user,
        context: 1,
        authorizing_integration_owners: { '0': snowflake() },
      };
  const channelId = where.channel_id;
  return {
    id: snowflake(),
    application_id: ids.applicationId,
    type,
    token: randomBytes(16).toString('hex'),
    version: 1,
    locale: 'en-GB',
    app_permissions: '68608',
    entitlements: [],
    ...where,
    ...(inGuild ? {} : { channel: { id: channelId, type: 1, recipients: [opts.user] } }),
  };
}

type CommandOption = { name: string; type: number; value: string | boolean; focused?: boolean };

export function chatInput(
  ids: Ids,
  name: string,
  options: CommandOption[],
  opts: InteractionOpts,
): Record<string, unknown> {
  return { ...interactionBase(ids, 2, opts), data: { id: snowflake(), name, type: 1, options } };
}

export function autocomplete(
  ids: Ids,
  name: string,
  options: CommandOption[],
  opts: InteractionOpts,
): Record<string, unknown> {
  return { ...interactionBase(ids, 4, opts), data: { id: snowflake(), name, type: 1, options } };
}

/** A click on `customId` in `message` (a message the bot sent earlier, as Discord returns it). */
export function buttonClick(
  ids: Ids,
  customId: string,
  message: Record<string, unknown>,
  opts: InteractionOpts,
): Record<string, unknown> {
  return { ...interactionBase(ids, 3, opts), message, data: { custom_id: customId, component_type: 2 } };
}
