// Discord shows each command's description in the member's client language when the command carries
// `description_localizations`. They come from knowledge/i18n/<lang>/ui.yaml, keyed by the command's path:
// `command.ask.description`, `command.ask.question.description` for an option, `command.private.description`
// for the `private` option every command has. A language without the key leaves Discord to show English.
import type { RESTPostAPIApplicationCommandsJSONBody } from 'discord.js';

/** Discord's locale codes for each of the bot's languages (Discord has two Spanish ones and pt-BR only). */
export const DISCORD_LOCALES: Readonly<Record<string, readonly string[]>> = {
  de: ['de'],
  fr: ['fr'],
  es: ['es-ES', 'es-419'],
  it: ['it'],
  nl: ['nl'],
  pl: ['pl'],
  pt: ['pt-BR'],
};

/** A sentence of a language's ui.yaml, or undefined when it has none. */
export type Describe = (language: string, key: string) => string | undefined;

interface Described {
  name: string;
  description?: string;
  description_localizations?: Partial<Record<string, string | null | undefined>> | null | undefined;
  options?: Described[];
}

function localizations(describe: Describe, key: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [language, locales] of Object.entries(DISCORD_LOCALES)) {
    const text = describe(language, key)?.trim();
    // Discord refuses descriptions over 100 characters: such a translation is left out, not cut.
    if (text && text.length <= 100) for (const l of locales) out[l] = text;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Adds the translations to `item` and its options, in place (the caller passes its own copy). */
function describeAll(item: Described, key: string, command: string, describe: Describe): void {
  const own = item.description ? localizations(describe, `${key}.description`) : undefined;
  if (own) item.description_localizations = own;
  for (const o of item.options ?? [])
    describeAll(
      o,
      o.name === 'private' ? 'command.private' : `command.${command}.${o.name}`,
      command,
      describe,
    );
}

/** Copies of the definitions with every description's translations added. */
export function localizeDefinitions(
  definitions: readonly RESTPostAPIApplicationCommandsJSONBody[],
  describe: Describe,
): RESTPostAPIApplicationCommandsJSONBody[] {
  return definitions.map((d) => {
    const copy = structuredClone(d);
    if ('description' in copy && copy.description)
      describeAll(copy, `command.${copy.name}`, copy.name, describe);
    return copy;
  });
}
