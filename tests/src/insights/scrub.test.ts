// What an unanswered question keeps: its words, without anything that points at a person or a thing.
import { describe, expect, it } from 'vitest';
import { MAX_UNANSWERED_CHARS, scrubQuestion } from '../../../src/insights/index.js';

describe('scrubQuestion', () => {
  it.each([
    ['Email jo.smith+ai@example.co.uk about it?', 'email about it'],
    ['see https://www.linkedin.com/in/jo-smith/ and www.example.org/x', 'see and'],
    ['ask linkedin.com/help please', 'ask please'],
    ['ping <@U0123ABC> or <@!123456789012345678> in <#C999|general>', 'ping or in'],
    ['cc @jo.smith and #privacy-team', 'cc and'],
    ['my id 12345, phone +44 20 7946 0958, born 1990', 'my id phone born'],
    ['Ça vaut 2€ ? Über-Café!', 'ca vaut uber cafe'],
  ])('%s → %s', (input, kept) => {
    expect(scrubQuestion(input)).toBe(kept);
  });

  it('keeps nothing when nothing but removed parts was asked', () => {
    expect(scrubQuestion('<@U0123> 12345 https://x.io jo@example.com')).toBeUndefined();
  });

  it('cuts a long paste at a word boundary', () => {
    const kept = scrubQuestion('word '.repeat(500)) ?? '';
    expect(kept.length).toBeLessThanOrEqual(MAX_UNANSWERED_CHARS);
    expect(kept.endsWith('word')).toBe(true);
  });
});
