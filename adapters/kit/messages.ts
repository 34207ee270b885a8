// What adapters say on their own account (not answers from the knowledge base), keyed by identifier so a
// translation is one more catalog. The core's own notices (cooldown) come from the core.

export const en = {
  'error.answer': 'Sorry, something went wrong answering that. Please try again in a moment.',
  'error.unknown-command': 'That command is not available any more. Try `/help`.',
} as const;

export type MessageId = keyof typeof en;

export function message(id: MessageId): string {
  return en[id];
}
