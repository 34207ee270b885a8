// Splits a byte stream into lines for `ask --jsonl`. Only "\n" ends a line ("\r\n" counts as one end; a
// lone "\r" is part of the line), so input line i always pairs with output line i. A line longer than
// `maxBytes` is never held whole: its bytes are dropped as they arrive and only its length is reported.

export type LineItem = { kind: 'line'; text: string } | { kind: 'too-long'; bytes: number };

export const MAX_LINE_BYTES = 16 * 1024;

const NL = 0x0a;
const CR = 0x0d;

export async function* readLines(
  input: AsyncIterable<Buffer | string>,
  maxBytes = MAX_LINE_BYTES,
): AsyncGenerator<LineItem> {
  let parts: Buffer[] = [];
  let held = 0;
  // Bytes of the current line so far, including those dropped once it went over the cap.
  let total = 0;
  const finish = (): LineItem => {
    const item: LineItem =
      total > maxBytes ? { kind: 'too-long', bytes: total } : { kind: 'line', text: text(parts) };
    parts = [];
    held = 0;
    total = 0;
    return item;
  };
  for await (const raw of input) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw) : raw;
    let start = 0;
    while (start <= chunk.length) {
      const end = chunk.indexOf(NL, start);
      const piece = chunk.subarray(start, end === -1 ? chunk.length : end);
      total += piece.length;
      // Keep one byte over the cap at most (a "\r" that may yet be dropped as part of "\r\n").
      if (held <= maxBytes) {
        const keep = piece.subarray(0, maxBytes + 1 - held);
        parts.push(keep);
        held += keep.length;
      }
      if (end === -1) break;
      if (endsWithCr(parts)) {
        total -= 1;
        dropLastByte(parts);
      }
      yield finish();
      start = end + 1;
    }
  }
  // A last line without a newline is still a line.
  if (total > 0) yield finish();
}

function text(parts: Buffer[]): string {
  return Buffer.concat(parts).toString('utf8');
}

function endsWithCr(parts: Buffer[]): boolean {
  for (let i = parts.length - 1; i >= 0; i--) {
    const p = parts[i];
    if (p && p.length > 0) return p[p.length - 1] === CR;
  }
  return false;
}

function dropLastByte(parts: Buffer[]): void {
  for (let i = parts.length - 1; i >= 0; i--) {
    const p = parts[i];
    if (p && p.length > 0) {
      parts[i] = p.subarray(0, p.length - 1);
      return;
    }
  }
}
