// Discord rejects a whole message when any one part is over its limit, so every string we send is cut to
// fit here rather than trusting the knowledge base to stay short. Numbers from Discord's API reference.

export const LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFooter: 2048,
  embedFields: 25,
  embedFieldName: 256,
  embedFieldValue: 1024,
  /** The sum of every text part of all embeds in one message. */
  embedTotal: 6000,
  buttonLabel: 80,
  buttonUrl: 512,
  customId: 100,
  buttonsPerRow: 5,
  rowsPerMessage: 5,
  autocompleteChoices: 25,
  choiceName: 100,
  choiceValue: 100,
} as const;

// One implementation for every adapter (adapters/kit/text.ts); re-exported for this adapter's renderers.
export { truncate } from '../kit/index.js';
