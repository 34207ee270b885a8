import { describe, expect, it } from 'vitest';
import { MIN_COLUMNS, wrapLine, wrapText } from '../../../adapters/terminal/wrap.js';

const URL = 'https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement';

describe('wrapLine', () => {
  it('leaves a line that fits as it is', () => {
    expect(wrapLine('Sources: one (checked 2025-11-20)', 40)).toEqual(['Sources: one (checked 2025-11-20)']);
  });

  it('breaks at spaces so no line is wider than the window, and loses no word', () => {
    const line = 'Turn off the Data for Generative AI Improvement setting in Settings & Privacy.';
    const out = wrapLine(line, 24);
    expect(out.length).toBeGreaterThan(2);
    for (const l of out) expect(l.length).toBeLessThanOrEqual(24);
    expect(out.join(' ')).toBe(line);
  });

  it('never breaks a URL, even one wider than the window: it stands on a line of its own', () => {
    const out = wrapLine(`Open the AI-training setting: ${URL} now`, 40);
    expect(out).toEqual(['Open the AI-training setting:', URL, 'now']);
  });

  it('keeps a follow-up\'s "  [n] " prefix and indents its continuation under the text', () => {
    const out = wrapLine('  [12] What is the Data Processing Objection Form and do I need it?', 30);
    expect(out[0]).toMatch(/^ {2}\[12\] What/);
    expect(out.length).toBeGreaterThan(1);
    for (const l of out.slice(1)) expect(l).toMatch(/^ {7}\S/);
    expect(out.map((l) => l.trim()).join(' ')).toBe(
      '[12] What is the Data Processing Objection Form and do I need it?',
    );
  });

  it('indents wrapped steps and bullets under their text', () => {
    expect(
      wrapLine('4. Turn off the toggle "Use my data for training content creation AI models".', 40),
    ).toEqual(['4. Turn off the toggle "Use my data for', '   training content creation AI models".']);
    expect(wrapLine('- is it too late / what happens to data already used', 40)).toEqual([
      '- is it too late / what happens to data',
      '  already used',
    ]);
  });

  it('counts an emoji as one character', () => {
    const line = `${'👍'.repeat(10)} ${'x'.repeat(9)}`;
    expect(line.length).toBe(30);
    expect(wrapLine(line, 20)).toEqual([line]);
  });

  it(`wraps a window narrower than ${MIN_COLUMNS} columns as if it were ${MIN_COLUMNS} wide`, () => {
    const out = wrapLine('aaaa bbbb cccc dddd eeee ffff', 5);
    expect(out).toEqual(['aaaa bbbb cccc dddd', 'eeee ffff']);
  });
});

describe('wrapText', () => {
  it('wraps each line and keeps blank lines between paragraphs', () => {
    expect(wrapText('one two three\n\nfour', 20)).toEqual(['one two three', '', 'four']);
    expect(wrapText('aaaa bbbb cccc dddd eeee\n', 20)).toEqual(['aaaa bbbb cccc dddd', 'eeee', '']);
  });
});
