// Small helpers shared by the interaction tests: dispatch an interaction and wait for the bot's callback.
import type { FakeDiscord, RestCall } from './fake-discord.js';

export interface CallbackBody {
  type: number;
  data?: {
    content?: string;
    flags?: number;
    embeds?: Array<{
      title?: string;
      description?: string;
      fields?: Array<{ name: string; value: string }>;
      footer?: { text: string };
    }>;
    components?: Array<{ components: Array<{ custom_id?: string; url?: string; label?: string }> }>;
    allowed_mentions?: unknown;
    choices?: Array<{ name: string; value: string }>;
  };
}

export const CALLBACK = { reply: 4, deferredReply: 5, update: 7, autocomplete: 8 } as const;
export const EPHEMERAL = 64;

/** Dispatch INTERACTION_CREATE and resolve with the bot's interaction callback. */
export async function interact(
  fake: FakeDiscord,
  interaction: Record<string, unknown>,
): Promise<CallbackBody> {
  fake.dispatch('INTERACTION_CREATE', interaction);
  const call = await fake.waitForCall((c) => c.path === callbackPath(interaction));
  return call.body as CallbackBody;
}

export function callbackPath(interaction: Record<string, unknown>): string {
  return `/interactions/${String(interaction.id)}/${String(interaction.token)}/callback`;
}

export function callsFor(fake: FakeDiscord, interaction: Record<string, unknown>): RestCall[] {
  const token = String(interaction.token);
  return fake.calls.filter((c) => c.path.includes(`/${token}`));
}

/** Custom ids of every button in a callback's components. */
export function customIds(body: CallbackBody): string[] {
  return (body.data?.components ?? []).flatMap((row) => row.components.flatMap((b) => b.custom_id ?? []));
}
