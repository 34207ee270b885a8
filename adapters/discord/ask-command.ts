// `/ask`: a question in the user's own words, with autocomplete over the canonical questions. Its choices
// and its answer live together because they share one contract: a picked choice sends back the question
// text itself (choiceValue), and answering maps that text back to the entry it came from.

import type { APIApplicationCommandOptionChoice } from 'discord.js';
import type { Bot, Reply, ReplyChoice } from '../../src/core/index.js';
import type { Feedback } from '../kit/index.js';
import { commandBuilder, type DiscordCommand, withPrivate } from './command.js';
import { LIMITS, truncate } from './limits.js';
import { renderAnswer } from './render.js';

/** The option that carries the question, and the only one of /ask that autocompletes. */
export const QUESTION_OPTION = 'question';

// Longer input than any canonical question is not worth matching on every keystroke.
const MAX_PARTIAL = 200;

export const askDefinition = withPrivate(
  commandBuilder('ask', "Ask about LinkedIn's generative-AI training and how to opt out").addStringOption(
    (o) =>
      o
        .setName(QUESTION_OPTION)
        .setDescription('Your question, in your own words')
        .setRequired(true)
        .setAutocomplete(true)
        .setMaxLength(300),
  ),
);

/**
 * The value a picked choice sends back: the question itself, so the command line Discord shows reads
 * naturally, and an unpicked typed question goes through the same path.
 */
export function choiceValue(choice: ReplyChoice): string {
  return truncate(choice.question, LIMITS.choiceValue);
}

/** The canonical questions matching what was typed so far, within Discord's limits for choices. */
export function autocompleteChoices(
  bot: Bot,
  partial: string,
  locale?: string,
): APIApplicationCommandOptionChoice<string>[] {
  const seen = new Set<string>();
  const choices: APIApplicationCommandOptionChoice<string>[] = [];
  for (const choice of bot.suggest(partial.slice(0, MAX_PARTIAL), LIMITS.autocompleteChoices, { locale })) {
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
export function answerQuestion(bot: Bot, question: string, locale?: string): Reply {
  const text = question.trim();
  if (!text) return bot.help({ locale });
  // A picked choice is a canonical question in the language its list was offered in.
  const language = bot.languageOf(text, { locale });
  const picked = bot
    .suggest(text, LIMITS.autocompleteChoices, { locale })
    .find((c) => choiceValue(c) === text);
  return (picked && bot.answer(picked.id, { locale, language })) ?? bot.ask(text, { locale });
}

export function createAskCommand(bot: Bot, feedback?: Feedback): DiscordCommand {
  return {
    definition: askDefinition,
    execute: (i) => {
      const question = i.options.getString(QUESTION_OPTION, true);
      const reply = answerQuestion(bot, question, i.locale);
      const asked = question.trim() ? { kind: 'ask' as const, question } : { kind: 'help' as const };
      return renderAnswer(reply, feedback?.answered(reply, asked));
    },
    autocomplete: (i) => {
      const focused = i.options.getFocused(true);
      return focused.name === QUESTION_OPTION
        ? autocompleteChoices(bot, String(focused.value), i.locale)
        : [];
    },
  };
}
