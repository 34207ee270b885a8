// The app opens the insights store beside the announcement database, and the two stay apart: the
// announcement store recognises its file by its exact schema, so a second start with insights in use
// must still open it, and the insights file must hold only insights tables.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { defineAdapter } from '../../adapters/kit/index.js';
import { loadConfig } from '../../app/config.js';
import { registry } from '../../app/registry.js';
import { type RunningApp, startApp } from '../../app/run.js';
import { loadKnowledge } from '../../src/core/index.js';
import { createMemoryLogger } from '../../src/core/log.js';
import { loopchatPlatform } from '../support/test-platform/adapter.js';
import { LoopchatStandIn } from '../support/test-platform/stand-in.js';

const withLoopchat = [...registry, defineAdapter(loopchatPlatform)];
const tables = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{
        name: string;
      }>
    ).map((t) => t.name);
  } finally {
    db.close();
  }
};

describe('the app and the insights file', () => {
  let standIn: LoopchatStandIn | undefined;
  let app: RunningApp | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'optout-insights-app-'));
  afterEach(async () => {
    await app?.stop();
    await standIn?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps insights in bot.insights.sqlite beside DATABASE_PATH, and starts again on both files', async () => {
    standIn = await LoopchatStandIn.start();
    const env = {
      LOOPCHAT_URL: standIn.url,
      LOOPCHAT_TOKEN: standIn.token,
      DATABASE_PATH: join(dir, 'bot.sqlite'),
      PORT: '0',
      HOST: '127.0.0.1',
    };
    const logger = createMemoryLogger();
    for (let run = 0; run < 2; run++) {
      app = await startApp(loadConfig(env, withLoopchat), { knowledge: loadKnowledge(), logger });
      await app.stop();
      app = undefined;
    }
    expect(logger.lines.filter((l) => l.msg === 'insights started')).toHaveLength(2);
    expect(logger.lines.filter((l) => l.msg === 'insights.unavailable')).toEqual([]);
    const insightsFile = join(dir, 'bot.insights.sqlite');
    expect(existsSync(insightsFile)).toBe(true);
    expect(tables(insightsFile)).toEqual([
      'insights_days',
      'insights_entry_days',
      'insights_unanswered',
      'insights_votes',
    ]);
    expect(tables(join(dir, 'bot.sqlite')).filter((t) => t.startsWith('insights'))).toEqual([]);
  });
});
