// An independent check of a Slack message against Slack's documented Block Kit limits (from Slack's
// reference, not from the renderer's own constants).
type Json = Record<string, unknown>;

function textOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && 'text' in v && typeof v.text === 'string') return v.text;
  return undefined;
}

/**
 * Every way `message` breaks a Slack limit; empty when Slack would accept it. `maxBlocks` is 50 for a
 * message, 100 for a home view.
 */
export function slackLimitProblems(message: unknown, maxBlocks = 50): string[] {
  const problems: string[] = [];
  if (!message || typeof message !== 'object') return ['not a message object'];
  const m = message as Json;
  const over = (what: string, text: string | undefined, max: number) => {
    if (text !== undefined && text.length > max) problems.push(`${what} is ${text.length} > ${max}`);
  };
  over('text', textOf(m.text) ?? (typeof m.text === 'string' ? m.text : undefined), 40_000);
  const blocks = Array.isArray(m.blocks) ? (m.blocks as Json[]) : [];
  if (blocks.length > maxBlocks) problems.push(`${blocks.length} blocks > ${maxBlocks}`);
  for (const b of blocks) {
    if (b.type === 'section') over('section text', textOf(b.text), 3000);
    if (b.type === 'header') over('header text', textOf(b.text), 150);
    if (b.type === 'context') {
      const elements = Array.isArray(b.elements) ? b.elements : [];
      if (elements.length > 10) problems.push(`${elements.length} context elements > 10`);
      for (const e of elements) over('context text', textOf(e), 3000);
    }
    if (b.type === 'actions') {
      const elements = Array.isArray(b.elements) ? (b.elements as Json[]) : [];
      if (elements.length > 25) problems.push(`${elements.length} action elements > 25`);
      for (const e of elements) {
        over('button text', textOf(e.text), 75);
        over('button value', typeof e.value === 'string' ? e.value : undefined, 2000);
        over('action_id', typeof e.action_id === 'string' ? e.action_id : undefined, 255);
      }
    }
  }
  return problems;
}
