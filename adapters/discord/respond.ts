// Discord drops an interaction that gets no response within 3 seconds. Answers computed synchronously go
// out at once; asynchronous work that is still running after `deferAfterMs` is deferred first (the user
// sees "thinking…") and its answer edited in when ready.
import {
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type ContextMenuCommandInteraction,
  MessageFlags,
} from 'discord.js';
import { type DiscordPayload, renderNotice } from './render.js';

type Repliable = ChatInputCommandInteraction | ButtonInteraction | ContextMenuCommandInteraction;

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof value === 'object' && value !== null && 'then' in value && typeof value.then === 'function';
}

export async function replyInTime(
  interaction: Repliable,
  produce: () => DiscordPayload | Promise<DiscordPayload>,
  opts: { ephemeral: boolean; deferAfterMs: number },
): Promise<'direct' | 'deferred'> {
  const flags = opts.ephemeral ? MessageFlags.Ephemeral : undefined;
  const result = produce();
  if (!isPromise(result)) {
    await interaction.reply({ ...result, flags });
    return 'direct';
  }
  const late = Symbol('late');
  let timer: NodeJS.Timeout | undefined;
  const first = await Promise.race([
    result,
    new Promise<typeof late>((resolve) => {
      timer = setTimeout(() => resolve(late), opts.deferAfterMs);
    }),
  ]).finally(() => clearTimeout(timer));
  if (first !== late) {
    await interaction.reply({ ...first, flags });
    return 'direct';
  }
  // Ephemerality is fixed by the deferral, so the edit below inherits it.
  await interaction.deferReply({ flags });
  await interaction.editReply(await result);
  return 'deferred';
}

/** Tell the user something went wrong, in whichever way the interaction still allows. */
export async function replyWithError(interaction: Repliable, text: string): Promise<void> {
  const notice = renderNotice(text);
  if (interaction.deferred) await interaction.editReply(notice);
  else if (!interaction.replied) await interaction.reply({ ...notice, flags: MessageFlags.Ephemeral });
  else await interaction.followUp({ ...notice, flags: MessageFlags.Ephemeral });
}
