// Finding 4: `ask --jsonl` pairs input line i with output line i, ends quietly on a closed stdout, and a
// huge line neither answers nor balloons memory. The built entry point, spawned as scripts run it.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readLines } from '../../app/lines.js';

const dir = mkdtempSync(join(tmpdir(), 'optout-ask-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ASK = 'dist/app/ask.js';

async function collect(chunks: string[], max?: number) {
  const out = [];
  for await (const item of readLines(
    (async function* () {
      yield* chunks.map((c) => Buffer.from(c));
    })(),
    max,
  ))
    out.push(item);
  return out;
}

describe('readLines', () => {
  it('only \\n ends a line; \\r\\n is one end, even split across chunks; a lone \\r stays in the line', async () => {
    expect(await collect(['a\rb\nc\r', '\nd\n\n', 'last'])).toEqual([
      { kind: 'line', text: 'a\rb' },
      { kind: 'line', text: 'c' },
      { kind: 'line', text: 'd' },
      { kind: 'line', text: '' },
      { kind: 'line', text: 'last' },
    ]);
  });

  it('a line over the cap is reported by length; the next line is intact; multi-byte text survives chunking', async () => {
    const euro = Buffer.from('€');
    const items = await collect(
      ['x'.repeat(9), 'y'.repeat(9), '\n', euro.subarray(0, 1).toString('latin1')],
      16,
    );
    expect(items[0]).toEqual({ kind: 'too-long', bytes: 18 });
    const split = [];
    for await (const item of readLines(
      (async function* () {
        yield euro.subarray(0, 2);
        yield Buffer.concat([euro.subarray(2), Buffer.from('\n')]);
      })(),
    ))
      split.push(item);
    expect(split).toEqual([{ kind: 'line', text: '€' }]);
  });
});

function ask(input: string) {
  const r = spawnSync(process.execPath, [ASK, '--jsonl'], { input, encoding: 'utf8', timeout: 15_000 });
  return {
    code: r.status,
    lines: r.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l)),
    err: r.stderr,
  };
}

describe('ask --jsonl', () => {
  it('a lone \\r does not split a line: input line i pairs with output line i', () => {
    const r = ask('are DMs used\rhow do I opt out\nwhat is the weather\r\nhow do I opt out\n');
    expect(r.code).toBe(0);
    expect(r.lines.map((l) => l.question)).toEqual([
      'are DMs used\rhow do I opt out',
      'what is the weather',
      'how do I opt out',
    ]);
  });

  it('| head -n 1 ends quietly: exit code 0, nothing on stderr', () => {
    const input = join(dir, 'many.txt');
    writeFileSync(input, 'are DMs used\n'.repeat(5000));
    const errFile = join(dir, 'err.txt');
    const r = spawnSync(
      'bash',
      [
        '-c',
        `"${process.execPath}" ${ASK} --jsonl < "${input}" 2>"${errFile}" | head -n 1 >/dev/null; echo "\${PIPESTATUS[0]}"`,
      ],
      { encoding: 'utf8', timeout: 30_000 },
    );
    expect(r.stdout.trim()).toBe('0');
    expect(readFileSync(errFile, 'utf8')).toBe('');
  });

  it('a 4 MB line gets a line_too_long error in its place, the next line is answered, and peak RSS stays < 200 MB', async () => {
    const child = spawn(process.execPath, [ASK, '--jsonl'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    const three = new Promise<void>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.split('\n').length > 3) resolve();
      });
    });
    child.stdin.write('how do I opt out\n');
    child.stdin.write(`${'opt out '.repeat(512 * 1024)}\n`);
    child.stdin.write('are DMs used\n');
    await three;
    // Read while the child still runs (stdin open): VmHWM is its peak resident memory so far.
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    child.stdin.end();
    await new Promise((resolve) => child.on('exit', resolve));
    const peakKb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]);
    const lines = out
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines[0].id).toBe('how-to-opt-out');
    expect(lines[1]).toMatchObject({ line: 2, status: 'error', code: 'line_too_long' });
    expect(lines[2].id).toBe('private-messages');
    expect(peakKb).toBeGreaterThan(0);
    expect(peakKb).toBeLessThan(200 * 1024);
  });
});
