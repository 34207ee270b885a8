// An independent check of a message payload against Discord's documented limits, used by the rendering
// tests. Written from Discord's API reference rather than from the renderer's own constants.
type Button = { label?: string; custom_id?: string; url?: string };
type Embed = {
  title?: string;
  description?: string;
  footer?: { text: string };
  fields?: Array<{ name: string; value: string }>;
};
type Payload = {
  content?: string;
  embeds?: Embed[];
  components?: Array<{ components: Button[] }>;
  allowedMentions?: unknown;
};

/** Every way `payload` breaks a Discord limit; empty when Discord would accept it. */
export function limitProblems(message: unknown): string[] {
  const payload = message as Payload;
  const problems: string[] = [];
  const over = (what: string, text: string | undefined, max: number) => {
    if (text !== undefined && text.length > max) problems.push(`${what} is ${text.length} > ${max}`);
  };
  over('content', payload.content, 2000);
  let total = 0;
  for (const e of payload.embeds ?? []) {
    over('title', e.title, 256);
    over('description', e.description, 4096);
    over('footer', e.footer?.text, 2048);
    if ((e.fields?.length ?? 0) > 25) problems.push('more than 25 fields');
    for (const f of e.fields ?? []) {
      over('field name', f.name, 256);
      over('field value', f.value, 1024);
    }
    total += [e.title, e.description, e.footer?.text, ...(e.fields ?? []).flatMap((f) => [f.name, f.value])]
      .map((t) => t?.length ?? 0)
      .reduce((a, b) => a + b, 0);
    if (/\{date:\d+\}/.test(JSON.stringify(e))) problems.push('an unrendered {date:N} marker');
  }
  if (total > 6000) problems.push(`embeds total ${total} > 6000`);
  const rows = payload.components ?? [];
  if (rows.length > 5) problems.push(`${rows.length} rows > 5`);
  const ids = new Set<string>();
  for (const row of rows) {
    if (row.components.length > 5) problems.push(`${row.components.length} buttons in a row > 5`);
    for (const b of row.components) {
      if (!b.label) problems.push('a button without a label');
      over('button label', b.label, 80);
      over('custom_id', b.custom_id, 100);
      over('button url', b.url, 512);
      if (b.custom_id && ids.has(b.custom_id)) problems.push(`repeated custom_id ${b.custom_id}`);
      if (b.custom_id) ids.add(b.custom_id);
    }
  }
  if (JSON.stringify(payload.allowedMentions) !== JSON.stringify({ parse: [] })) {
    problems.push('allowed mentions not empty');
  }
  return problems;
}
