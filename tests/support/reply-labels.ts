// The English labels a Reply carries, for tests that build a Reply by hand. tests/src/core/i18n checks
// that these equal what the core composes from knowledge/i18n/en/ui.yaml, so they cannot drift.
import type { ReplyLabels } from '../../src/core/index.js';

export const ENGLISH_LABELS: ReplyLabels = {
  related: 'Related:',
  relatedQuestions: 'Related questions:',
  startHere: 'You can ask:',
  didYouMean: 'Did you mean:',
  sources: 'Sources: {titles} (checked {checked})',
  when: 'When',
  share: 'Share in channel',
  asked: 'Asked: “{question}”',
  sharedBy: 'Shared by {user}',
  feedbackUp: '👍 Helpful',
  feedbackDown: '👎 Not helpful',
  defaultTitle: 'LinkedIn AI training opt-out',
};

/** What a hand-built English Reply carries besides its content. */
export const ENGLISH_REPLY = { language: 'en', labels: ENGLISH_LABELS } as const;
