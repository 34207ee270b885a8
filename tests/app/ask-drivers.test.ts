// `npm run ask` answers from the knowledge base alone: it must not load a database driver, even though
// the adapters' kit now knows about insights (whose stores load only when the bot opens one).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(path.join(tmpdir(), 'ask-drivers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run ask', () => {
  it('loads neither better-sqlite3 nor pg', () => {
    // Node's CommonJS loader also loads the CommonJS packages an ES module imports: record what it loads.
    const hook = path.join(dir, 'record-loads.cjs');
    writeFileSync(
      hook,
      `const Module = require('node:module');
const load = Module._load;
Module._load = function (request, ...rest) {
  if (/better-sqlite3|^pg($|\\/)/.test(request)) process.stderr.write('driver loaded: ' + request + '\\n');
  return load.call(this, request, ...rest);
};
`,
    );
    const r = spawnSync(process.execPath, ['--require', hook, 'dist/app/ask.js', 'how do I opt out'], {
      encoding: 'utf8',
      timeout: 15_000,
      env: { ...process.env, SLACK_BOT_TOKEN: '', DISCORD_TOKEN: '' },
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/opt out/i);
    expect(r.stderr).not.toMatch(/driver loaded/);
    // The hook itself works: importing the driver is seen.
    const cli = spawnSync(
      process.execPath,
      ['--require', hook, '-e', "import('better-sqlite3').then(() => {})"],
      { encoding: 'utf8', timeout: 15_000 },
    );
    expect(cli.stderr).toMatch(/driver loaded: .*better-sqlite3/);
  });
});
