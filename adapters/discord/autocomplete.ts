// Autocomplete routing. Discord cannot defer an autocomplete response and drops it after 3 seconds, so the
// command's own autocomplete (in-memory work only, e.g. /ask's suggest() or /announce's time zones) is
// answered at once. What the choices are is each command's business; this file only delivers them.

import type { AutocompleteInteraction } from 'discord.js';
import type { HandlerContext } from './context.js';
import { LIMITS } from './limits.js';

export async function handleAutocomplete(
  interaction: AutocompleteInteraction,
  ctx: HandlerContext,
): Promise<void> {
  // A command without autocomplete (or one retired since registration) gets an empty list rather than
  // silence, which Discord would show the user as a failure to load options.
  const own = ctx.commands.get(interaction.commandName)?.autocomplete;
  const choices = own ? own(interaction).slice(0, LIMITS.autocompleteChoices) : [];
  await interaction.respond(choices);
  ctx.logger.debug('discord autocomplete', { handler: 'autocomplete', choices: choices.length });
}
