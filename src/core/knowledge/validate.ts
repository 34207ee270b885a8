// Validating a parsed file against its zod schema, with messages a curator can act on: the file, the entry,
// the line and the field; the schema's own wording ("every entry names at least one source"); an unknown
// key at its own line with the closest known key; the reason inside a bad record key.
import { z } from 'zod';
import type { Parsed } from './yaml.js';

/** The schema under optional/default/nullable wrappers. */
type Schema = z.core.$ZodType;

function unwrap(schema: Schema): Schema {
  let s = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodNullable)
    s = s.unwrap();
  return s;
}

/** The schema that validates the value at `path`, when it can be followed there. */
function schemaAt(schema: Schema, path: readonly PropertyKey[]): Schema | undefined {
  let s: Schema | undefined = unwrap(schema);
  for (const key of path) {
    if (s instanceof z.ZodObject) s = s.shape[String(key)];
    else if (s instanceof z.ZodArray) s = s.element;
    else if (s instanceof z.ZodRecord) s = s.valueType;
    else return undefined;
    if (s === undefined) return undefined;
    s = unwrap(s);
  }
  return s;
}

/** The keys an object schema at `path` knows. */
export function knownKeys(schema: Schema, path: readonly PropertyKey[]): string[] {
  const s = schemaAt(schema, path);
  return s instanceof z.ZodObject ? Object.keys(s.shape) : [];
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}

/** The known key a slip most likely meant (case ignored), or undefined when none is close. */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  let best: { key: string; d: number } | undefined;
  for (const k of known) {
    const d = distance(key.toLowerCase(), k.toLowerCase());
    if (!best || d < best.d) best = { key: k, d };
  }
  // Close means a slip of a letter or two (or a third of a long key), not any key at all.
  return best && best.d <= Math.max(2, Math.ceil(key.length / 3)) ? best.key : undefined;
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let v = value;
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = Object.entries(v).find(([k]) => k === String(key))?.[1];
  }
  return v;
}

function messagesOf(issue: z.core.$ZodIssue, schema: Schema, parsed: Parsed, where: string): string[] {
  const at = (path: readonly PropertyKey[]) => {
    const line = parsed.lineOf(path);
    return `${where}${line ? ` line ${line}` : ''}`;
  };
  const field = issue.path.length > 0 ? ` field "${issue.path.join('.')}"` : '';
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeys(schema, issue.path);
    const inside = issue.path.length > 0 ? ` in "${issue.path.join('.')}"` : '';
    return issue.keys.map((key) => {
      const near = closestKey(key, known);
      const hint = near ? `did you mean "${near}"?` : `known keys: ${known.join(', ')}`;
      return `${at([...issue.path, key])}: unknown key "${key}"${inside}: ${hint}`;
    });
  }
  if (issue.code === 'invalid_key') {
    // A record key that breaks its rule: the rule's own message, not zod's "Invalid key in record".
    const why = issue.issues.map((i) => i.message).join('; ');
    return [`${at(issue.path)}${field}: the name "${String(issue.path.at(-1))}" ${why}`];
  }
  let message = issue.message;
  if (
    issue.code === 'invalid_type' &&
    valueAt(parsed.value, issue.path) === undefined &&
    message.startsWith('Invalid input')
  ) {
    message = `is missing (expected ${issue.expected})`;
  }
  // YAML reads an unquoted value starting with {{ as a mapping: the commonest curator slip.
  const hint =
    issue.code === 'invalid_type' && /received object/.test(issue.message)
      ? ' (quote values that start with {{)'
      : '';
  return [`${at(issue.path)}${field}: ${message}${hint}`];
}

/** The valid value, or undefined with every problem pushed as one line each. */
export function validate<T extends z.ZodType>(
  schema: T,
  parsed: Parsed,
  where: string,
  problems: string[],
): z.infer<T> | undefined {
  const result = schema.safeParse(parsed.value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) problems.push(...messagesOf(issue, schema, parsed, where));
  return undefined;
}
