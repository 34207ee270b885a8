// What the terminal says on its own account (not answers from the knowledge base), keyed by identifier
// so a translation is one more catalog. `{name}` marks a value filled in by `say`; the type of `say` takes
// exactly the names a message uses, so a missing or misspelt value does not compile.

export const en = {
  'chat.greeting': 'optout-bot: ask me about LinkedIn using your data to train AI, and how to opt out.',
  'chat.usage': 'Type a question, a number to pick a suggestion, "more", "help", or "quit".',
  'chat.bye': 'Bye.',
  'pick.nothing-yet': 'There is nothing to pick yet: ask a question first.',
  'pick.none-offered': 'The last answer has no suggestions to pick from: type a question.',
  'pick.out-of-range-one': 'There is no suggestion {n}: pick 1, or type a question.',
  'pick.out-of-range': 'There is no suggestion {n}: pick 1 to {max}, or type a question.',
  'more.follow-ups': "  …and {count} more: type 'more'",
  'more.follow-ups-heading': 'More suggestions:',
  'more.sources-one': "Sources: 1, checked {checked} (type 'more' to see it)",
  'more.sources': "Sources: {count}, checked {checked} (type 'more' to list them)",
  'more.sources-short-one': "Sources: 1 (type 'more' to see it)",
  'more.sources-short': "Sources: {count} (type 'more' to list them)",
  'more.nothing': 'There is nothing more to show: type a question.',
  // Rendering a reply (the chat, `npm run ask` and its JSON share these).
  'reply.related': 'Related:',
  'reply.start-here': 'You can ask:',
  'reply.did-you-mean': 'Did you mean:',
  'reply.sources': 'Sources: {titles} (checked {checked})',
} as const;

export type Catalog = typeof en;
export type MessageId = keyof Catalog;

/** The `{name}` slots of a template, as a union of names (never when it has none). */
type Slots<S extends string> = S extends `${string}{${infer Name}}${infer Rest}` ? Name | Slots<Rest> : never;

/** The values `say(id, ...)` needs: nothing for a fixed message, one object naming every slot otherwise. */
export type MessageArgs<K extends MessageId> = [Slots<Catalog[K]>] extends [never]
  ? []
  : [values: Record<Slots<Catalog[K]>, string | number>];

/** The message `id` with its slots filled in. */
export function say<K extends MessageId>(id: K, ...args: MessageArgs<K>): string {
  const values: Readonly<Record<string, string | number>> = args[0] ?? {};
  // A slot with no value stays visible as `{name}` rather than printing "undefined".
  return en[id].replace(/\{(\w+)\}/g, (slot, name: string) => {
    const value = values[name];
    return value === undefined ? slot : String(value);
  });
}
