// What the bot needs, at least, from the two dispatches it acts on. discord.js builds its structures from
// these payloads without checking them, and a missing field throws inside its gateway listener, which
// ends the process as an unhandled rejection. The schemas are loose: unknown fields pass through untouched,
// and only what discord.js dereferences unconditionally (or iterates) is required.
import { z } from 'zod';

const snowflake = z.string().regex(/^\d+$/);
const user = z.looseObject({ id: snowflake });

const messageCreate = z.looseObject({
  id: snowflake,
  channel_id: snowflake,
  author: user,
  // Discord always sends these as arrays; discord.js iterates them, so anything else throws.
  mentions: z.array(user),
  mention_roles: z.array(snowflake).optional(),
  member: z.looseObject({}).optional(),
});

// Options nest (subcommands, groups); discord.js maps over every level.
interface CommandOption {
  name: string;
  type: number;
  options?: CommandOption[] | undefined;
}
const commandOption: z.ZodType<CommandOption> = z.looseObject({
  name: z.string(),
  type: z.number(),
  get options() {
    return z.array(commandOption).optional();
  },
});

const commandData = z.looseObject({
  id: snowflake,
  name: z.string(),
  type: z.number(),
  options: z.array(commandOption).optional(),
});
// A context menu command (user 2, message 3) carries its target: discord.js reads `resolved` without
// checking it is there and builds the selected message from it.
const CONTEXT_MENU = new Set([2, 3]);
const contextMenuData = commandData.extend({
  type: z.number().refine((t) => CONTEXT_MENU.has(t)),
  target_id: snowflake,
  resolved: z.looseObject({
    messages: z.record(z.string(), z.looseObject({ id: snowflake, channel_id: snowflake })).optional(),
  }),
});
const applicationCommandData = z.union([
  commandData.extend({ type: z.number().refine((t) => !CONTEXT_MENU.has(t)) }),
  contextMenuData,
]);
const componentData = z.looseObject({ custom_id: z.string(), component_type: z.number() });
const modalData = z.looseObject({ custom_id: z.string(), components: z.array(z.unknown()) });

const interactionBase = z.looseObject({
  id: snowflake,
  application_id: snowflake,
  token: z.string(),
  entitlements: z.array(z.unknown()),
  authorizing_integration_owners: z.record(z.string(), z.unknown()),
  channel: z.looseObject({ id: snowflake }).optional(),
  // In a server the user comes inside member; in a DM it comes alone. One of the two must be there.
  member: z.looseObject({ user }).optional(),
  user: user.optional(),
});

// Interaction types: 2 command, 3 component, 4 autocomplete, 5 modal submit. A gateway never sends PING (1).
const interactionCreate = z
  .discriminatedUnion('type', [
    interactionBase.extend({ type: z.literal(2), data: applicationCommandData }),
    interactionBase.extend({ type: z.literal(4), data: commandData }),
    // discord.js builds the clicked message from `message` unconditionally.
    interactionBase.extend({
      type: z.literal(3),
      data: componentData,
      message: z.looseObject({ id: snowflake }),
    }),
    interactionBase.extend({ type: z.literal(5), data: modalData }),
  ])
  .refine((d) => d.member !== undefined || d.user !== undefined, {
    message: 'neither member.user nor user',
    path: ['member'],
  });

/** Dispatch types checked before discord.js sees them; others pass through as they are. */
export const dispatchSchemas: Readonly<Record<string, z.ZodType>> = {
  MESSAGE_CREATE: messageCreate,
  INTERACTION_CREATE: interactionCreate,
};

/** Where a payload failed, as `path: code` pairs; never the values, which may be message text or ids. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.code}`)
    .slice(0, 5)
    .join('; ');
}
