// The chat on a terminal: fake TTY streams with a window size, read the way a person sees the screen.
import { describe, expect, it } from 'vitest';
import { CHROME_ROWS, layoutReply } from '../../../adapters/terminal/layout.js';
import { converse, FakeTtyInput, FakeTtyOutput, overlong, testBot } from './streams.js';

const bot = testBot();

describe('terminal chat: width', () => {
  it("wraps every reply to the terminal's columns, never breaking a URL", async () => {
    const c = converse({ output: new FakeTtyOutput(40, 500) });
    const seen = await c.type('how do I opt out?\n');
    await c.end();
    expect(overlong(seen, 40)).toEqual([]);
    const reply = bot.ask('how do I opt out?');
    const urls = reply.links.map((l) => l.url);
    expect(urls.some((u) => u.length > 40)).toBe(true);
    // Every URL of the reply is printed whole, on one line.
    for (const url of urls) expect(seen.split('\n').some((line) => line.includes(url))).toBe(true);
  });

  it('keeps the "  [n] " follow-up lines, continuing a wrapped one with an indent', async () => {
    const c = converse({ output: new FakeTtyOutput(30, 500) });
    const seen = await c.type('how do I opt out?\n');
    await c.end();
    const lines = seen.split('\n');
    const followUps = bot.ask('how do I opt out?').followUps;
    for (const [i, f] of followUps.entries()) {
      const at = lines.findIndex((l) => l.startsWith(`  [${i + 1}] `));
      expect(at, f.question).toBeGreaterThan(-1);
      // The question reads whole from its numbered line and the indented lines under it.
      let text = lines[at] ?? '';
      for (const more of lines.slice(at + 1)) {
        if (!/^ {6}\S/.test(more)) break;
        text += ` ${more.trim()}`;
      }
      expect(text).toBe(`  [${i + 1}] ${f.question}`);
    }
    expect(lines.some((l) => /^ {6}\S/.test(l))).toBe(true);
  });

  it('wraps to 80 columns when the output is not a terminal', async () => {
    const c = converse();
    const seen = await c.type('are my DMs used?\n');
    await c.end();
    expect(overlong(seen, 80)).toEqual([]);
    expect(seen.split('\n').some((l) => l.length > 60)).toBe(true);
    expect(seen).not.toContain('\u001b');
  });
});

describe('terminal chat: height', () => {
  it('a reply taller than a 24-line screen keeps the question visible; more lists the sources', async () => {
    const c = converse({ output: new FakeTtyOutput(80, 24) });
    const question = 'are my DMs used?';
    const reply = bot.ask(question);
    const seen = await c.type(`${question}\n`);
    const lines = seen.split('\n');
    // On screen: the typed question's row, then these lines (the last is the prompt's row): 24 rows at most.
    expect(lines.length + 1).toBeLessThanOrEqual(24);
    expect(seen).toContain(reply.title);
    expect(lines.filter((l) => /^ {2}\[\d+\] /.test(l))).toHaveLength(reply.followUps.length);
    expect(seen).toMatch(new RegExp(`^Sources: ${reply.sources.length}, checked .*'more'`, 'm'));
    for (const s of reply.sources) expect(seen).not.toContain(s.title);
    // The whole reply would not have fitted.
    const piped = converse();
    expect((await piped.type(`${question}\n`)).split('\n').length + 1).toBeGreaterThan(24);
    await piped.end();

    const rest = (await c.type('more\n')).replace(/\s+/g, ' ');
    for (const s of reply.sources) expect(rest).toContain(s.title);
    await c.end();
  });

  it('a short screen shows 3 suggestions and "…and N more"; more lists the rest, and their numbers pick', async () => {
    const help = bot.help();
    expect(help.followUps.length).toBeGreaterThan(3);
    // One row short of room for the whole of help (its answer is short enough to fit).
    const rows =
      layoutReply(help, { columns: 80, rows: Number.POSITIVE_INFINITY }).shown.length + CHROME_ROWS - 1;
    const c = converse({ output: new FakeTtyOutput(80, rows) });
    const seen = await c.type('help\n');
    expect(seen.split('\n').length + 1).toBeLessThanOrEqual(rows);
    expect(seen.match(/^ {2}\[\d+\] .*$/gm)).toEqual(
      help.followUps.slice(0, 3).map((f, i) => `  [${i + 1}] ${f.question}`),
    );
    expect(seen).toContain(`  …and ${help.followUps.length - 3} more: type 'more'`);

    const rest = await c.type('more\n');
    expect(rest.match(/^ {2}\[\d+\] .*$/gm)).toEqual(
      help.followUps.slice(3).map((f, i) => `  [${i + 4}] ${f.question}`),
    );
    // A held suggestion keeps its number: picking it answers it.
    const lastChoice = help.followUps.at(-1);
    const picked = await c.type(`${help.followUps.length}\n`);
    expect(picked).toContain(bot.answer(lastChoice?.id ?? '')?.title);
    await c.end();
  });

  it('more prints the held part once; after that it says there is nothing more', async () => {
    const c = converse({ output: new FakeTtyOutput(80, 12) });
    await c.type('help\n');
    expect(await c.type('more\n')).toContain('More suggestions:');
    expect(await c.type('more\n')).toBe('\nThere is nothing more to show: type a question.\n\n');
    await c.end();
  });

  it('a reply that fits is printed whole, as it is when the output is not a terminal', async () => {
    const question = 'are my DMs used?';
    const piped = converse();
    const all = await piped.type(`${question}\n`);
    await piped.end();
    expect(all).not.toContain("type 'more'");
    const tall = converse({ output: new FakeTtyOutput(80, 60) });
    expect(await tall.type(`${question}\n`)).toBe(all);
    await tall.end();
  });
});

describe('terminal chat: line editing', () => {
  const terminal = () => ({ input: new FakeTtyInput(), output: new FakeTtyOutput(80, 100) });

  it('on a terminal, reads keys in raw mode and the up arrow recalls the last question', async () => {
    const io = terminal();
    const c = converse(io);
    const first = await c.type('are my DMs used?\r');
    expect(io.input.rawMode).toBe(true);
    const title = bot.ask('are my DMs used?').title;
    expect(first).toContain(title);
    await c.type('help\r');
    // Up twice goes back past "help" to the first question.
    const recalled = await c.type('\u001b[A\u001b[A\r');
    expect(recalled).toContain('> are my DMs used?');
    expect(recalled).toContain(title);
    await c.end();
  });

  it('on a terminal, backspace edits the line before it is sent', async () => {
    const c = converse(terminal());
    const seen = await c.type('helpx\u007f\r');
    expect(seen).toContain(bot.help().title);
    await c.end();
  });

  it('on a terminal, Ctrl-C ends the chat with a goodbye', async () => {
    const c = converse(terminal());
    await c.type('help\r');
    await c.type('\u0003');
    await c.done;
    expect(c.printed().trimEnd().endsWith('Bye.')).toBe(true);
  });

  it('a pipe reads plain lines: no raw mode, no cursor codes, no history', async () => {
    const input = new FakeTtyInput();
    const output = new FakeTtyOutput(80, 100);
    // Only one end is a terminal: there is no screen to edit on, so lines are read plainly.
    Object.defineProperty(output, 'isTTY', { value: false });
    const c = converse({ input, output });
    await c.type('are my DMs used?\n');
    const again = await c.type('\u001b[A\n');
    await c.end();
    expect(input.rawMode).toBe(false);
    expect(again).not.toContain(bot.ask('are my DMs used?').title);
  });
});
