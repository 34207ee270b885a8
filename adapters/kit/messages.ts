// What adapters say on their own account (not answers from the knowledge base), keyed by identifier so a
// translation is one more catalog. The core's own notices (cooldown) come from the core.

export const en = {
  'error.answer': 'Sorry, something went wrong answering that. Please try again in a moment.',
  'error.unknown-command': 'That command is not available any more. Try `/help`.',
  // The 👍 / 👎 buttons under an answer, and what only the clicker is told after a click.
  'feedback.button.up': '👍 Helpful',
  'feedback.button.down': '👎 Not helpful',
  'feedback.thanks': 'Thanks for letting us know. Glad it helped!',
  'feedback.sorry': 'Thanks for telling me. Perhaps one of these is closer to what you wanted:',
  'feedback.sorry-none': 'Thanks for telling me. Try asking again in other words.',
  'feedback.repeat': 'You already rated this answer; your first rating stands.',
  'feedback.gone': "That answer isn't available any more, so it can't be rated.",
  'feedback.failed': "Sorry, I couldn't record that just now. Please try again in a moment.",
} as const;

export type MessageId = keyof typeof en;

export function message(id: MessageId): string {
  return en[id];
}
