// `/ask` autocomplete. Discord cannot defer an autocomplete response and drops it after 3 seconds, so this
// only calls the core's in-memory suggest() and answers at once.

import type { APIApplicationCommandOptionChoice, AutocompleteInteraction } from 'discord.js';
import type { Bot, Reply, ReplyChoice } from '../../src/core/index.js';
import type { HandlerContext } from './context.js';
import { LIMITS, truncate } from './limits.js';

// Longer input than any canonical question is not worth matching on every keystroke.
const MAX_PARTIAL = 200;

/**
 * The value a picked choice sends back: the question itself, so the command line Discord shows reads
 * naturally, and an unpicked typed question goes through the same path.
 */
export function choiceValue(choice: ReplyChoice): string {
  return truncate(choice.question, LIMITS.choiceValue);
}

export function autocompleteChoices(bot: Bot, partial: string): APIApplicationCommandOptionChoice<string>[] {
  const seen = new Set<string>();
  const choices: APIApplicationCommandOptionChoice<string>[] = [];
  for (const choice of bot.suggest(partial.slice(0, MAX_PARTIAL), LIMITS.autocompleteChoices)) {
    const value = choiceValue(choice);
    // Discord rejects the whole response for an empty name or a repeated value.
    if (!value.trim() || seen.has(value)) continue;
    seen.add(value);
    choices.push({ name: truncate(choice.question, LIMITS.choiceName), value });
    if (choices.length === LIMITS.autocompleteChoices) break;
  }
  return choices;
}

/** Answer `/ask`: a picked choice gets its entry directly; anything typed goes to the matcher. */
export function answerQuestion(bot: Bot, question: string): Reply {
  const text = question.trim();
  if (!text) return bot.help();
  const picked = bot.suggest(text, LIMITS.autocompleteChoices).find((c) => choiceValue(c) === text);
  return (picked && bot.answer(picked.id)) ?? bot.ask(text);
}

export async function handleAutocomplete(
  interaction: AutocompleteInteraction,
  ctx: HandlerContext,
): Promise<void> {
  const focused = interaction.options.getFocused(true);
  // A command with its own autocomplete (e.g. /announce's time zones) answers for itself; otherwise only
  // /ask's question option autocompletes, and anything else gets an empty list rather than silence.
  const own = ctx.commands.get(interaction.commandName)?.autocomplete;
  const choices = own
    ? own(interaction).slice(0, LIMITS.autocompleteChoices)
    : focused.name === 'question'
      ? autocompleteChoices(ctx.bot, String(focused.value))
      : [];
  await interaction.respond(choices);
  ctx.logger.debug('discord autocomplete', { handler: 'autocomplete', choices: choices.length });
}
