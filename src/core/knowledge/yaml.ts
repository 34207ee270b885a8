// Reading one curated YAML file: its value, and where things are in it, so every message can name a line.
import { readFileSync } from 'node:fs';
import { yaml } from './yaml-lib.js';

export interface Parsed {
  value: unknown;
  /**
   * The line of a path inside the document: a mapping key's own line, a list item's line. A path that
   * goes missing part-way (a required field left out) gives the line of the deepest part that is there.
   */
  lineOf(path: readonly PropertyKey[]): number | undefined;
  /** The first and last line of the value at a path (a scalar folded over several lines spans them). */
  span(path: readonly PropertyKey[]): { line: number; end: number } | undefined;
}

/** One step down a YAML node: the value and, for a mapping, its key node. */
function step(node: unknown, key: PropertyKey): { value: unknown; key: unknown } | undefined {
  if (yaml().isMap(node)) {
    const pair = node.items.find((p) => String(yaml().isScalar(p.key) ? p.key.value : p.key) === String(key));
    return pair ? { value: pair.value, key: pair.key } : undefined;
  }
  if (yaml().isSeq(node) && typeof key === 'number') {
    const item = node.items[key];
    return item === undefined ? undefined : { value: item, key: item };
  }
  return undefined;
}

export function parseYamlFile(file: string, label: string, problems: string[]): Parsed | undefined {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    problems.push(`${label}: cannot read (${err instanceof Error ? err.message : String(err)})`);
    return undefined;
  }
  const lines = new (yaml().LineCounter)();
  const doc = yaml().parseDocument(source, {
    lineCounter: lines,
    prettyErrors: true,
    uniqueKeys: true,
    logLevel: 'error',
  });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const line = e.linePos?.[0]?.line;
      problems.push(`${label}${line ? ` line ${line}` : ''}: YAML syntax error: ${e.message.split('\n')[0]}`);
    }
    return undefined;
  }
  const lineAt = (node: unknown) =>
    yaml().isNode(node) && node.range ? lines.linePos(node.range[0]).line : undefined;
  const nodeAt = (path: readonly PropertyKey[]) => {
    let node: unknown = doc.contents;
    for (const key of path) node = step(node, key)?.value;
    return node;
  };
  return {
    value: doc.toJS(),
    lineOf(path) {
      let node: unknown = doc.contents;
      let line = lineAt(node);
      for (const key of path) {
        const next = step(node, key);
        if (!next) break;
        line = lineAt(next.key) ?? lineAt(next.value) ?? line;
        node = next.value;
      }
      return line;
    },
    span(path) {
      const node = nodeAt(path);
      if (!yaml().isNode(node) || !node.range) return undefined;
      const [start, end] = node.range;
      return { line: lines.linePos(start).line, end: lines.linePos(Math.max(start, end - 1)).line };
    },
  };
}
