// `npm start` as a user runs it: the compiled entry point (the global setup builds dist/).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function start(env: Record<string, string>, input = '') {
  const r = spawnSync(process.execPath, ['dist/app/main.js'], {
    input,
    encoding: 'utf8',
    timeout: 15_000,
    // A clean environment: nothing from the developer's shell decides which platform starts.
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('npm start', () => {
  it('with no platform tokens opens the terminal chat and answers', () => {
    const r = start({}, 'are my DMs used for AI training?\nquit\n');
    expect(r.code).toBe(0);
    expect(r.out).toContain('InMail');
    expect(r.out).toContain('Bye.');
  });

  it('a malformed variable stops start-up naming it, without echoing its value', () => {
    const r = start({ SLACK_BOT_TOKEN: 'xoxp-secret-value', SLACK_SIGNING_SECRET: 's' });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/cannot start[\s\S]*SLACK_BOT_TOKEN must start with "xoxb-"/);
    expect(r.err).not.toContain('secret-value');
  });

  it('a broken knowledge folder stops start-up naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'optout-main-'));
    dirs.push(dir);
    const r = start({ KNOWLEDGE_DIR: dir });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/facts\.yaml: cannot read/);
  });

  it('a missing knowledge folder is named by its variable', () => {
    const r = start({ KNOWLEDGE_DIR: '/nonexistent/knowledge' });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/KNOWLEDGE_DIR \/nonexistent\/knowledge does not exist/);
  });

  it('a corrupt database stops start-up naming the path, and the file is left as it was', () => {
    const dir = mkdtempSync(join(tmpdir(), 'optout-main-'));
    dirs.push(dir);
    const db = join(dir, 'bot.sqlite');
    writeFileSync(db, 'this is not a database, and it must survive');
    const r = start({
      SLACK_BOT_TOKEN: 'xoxb-1-2-3',
      SLACK_SIGNING_SECRET: 'secret',
      // Never reached: the database is checked before any platform starts.
      SLACK_API_URL: 'http://127.0.0.1:9/api/',
      DATABASE_PATH: db,
    });
    expect(r.code).toBe(1);
    expect(r.err).toContain('cannot start');
    expect(r.err).toContain(db);
    expect(readFileSync(db, 'utf8')).toBe('this is not a database, and it must survive');
  });
});
