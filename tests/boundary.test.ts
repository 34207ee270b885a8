// The layers, enforced: src/core <- src/storage <- src/announce, src/insights <- adapters/* <- app. Each layer imports only layers
// below it, only through their public files, and an adapter never imports another adapter. Static and
// dynamic imports and re-exports are all read (the TypeScript scanner sees them however they are written).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const CHAT_SDKS = /^(discord\.js|@discordjs\/|@slack\/)/;

function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  );
}

/** Every module specifier a file names: import/export from, import(), require(), import type. */
function specifiers(source: string): string[] {
  const info = ts.preProcessFile(source, true, true);
  return info.importedFiles.map((f) => f.fileName);
}

type Layer = 'core' | 'storage' | 'announce' | 'insights' | 'kit' | `adapter:${string}` | 'app' | 'outside';

function layerOf(file: string): Layer {
  const rel = relative(ROOT, file).split('\\').join('/');
  if (rel.startsWith('src/core/')) return 'core';
  if (rel.startsWith('src/storage/')) return 'storage';
  if (rel.startsWith('src/announce/')) return 'announce';
  if (rel.startsWith('src/insights/')) return 'insights';
  if (rel.startsWith('adapters/kit/')) return 'kit';
  const adapter = /^adapters\/([^/]+)\//.exec(rel);
  if (adapter) return `adapter:${adapter[1]}`;
  if (rel.startsWith('app/')) return 'app';
  return 'outside';
}

const RANK: Record<string, number> = {
  core: 0,
  storage: 0.5,
  announce: 1,
  insights: 1,
  kit: 2,
  adapter: 3,
  app: 4,
};
const rank = (l: Layer) => RANK[l.startsWith('adapter:') ? 'adapter' : l] ?? 99;

/** A layer's public file: the one file code outside it may import. */
function publicFile(l: Layer): string {
  if (l === 'core') return 'src/core/index.ts';
  if (l === 'storage') return 'src/storage/index.ts';
  if (l === 'announce') return 'src/announce/index.ts';
  if (l === 'insights') return 'src/insights/index.ts';
  if (l === 'kit') return 'adapters/kit/index.ts';
  if (l.startsWith('adapter:')) return `adapters/${l.slice('adapter:'.length)}/index.ts`;
  return '';
}

/** What is wrong with `from` importing `spec`, or undefined when it is allowed. */
function violation(from: string, spec: string): string | undefined {
  const source = layerOf(from);
  if (CHAT_SDKS.test(spec)) {
    return source.startsWith('adapter:') ? undefined : `${source} imports the chat SDK ${spec}`;
  }
  if (!spec.startsWith('.')) return undefined;
  const target = resolve(dirname(from), spec).replace(/\.js$/, '.ts');
  const to = layerOf(target);
  if (to === source) return undefined;
  const rel = relative(ROOT, target).split('\\').join('/');
  if (to === 'outside') return `${source} imports ${rel}, outside the layers (tests, bench, eval?)`;
  if (source.startsWith('adapter:') && to.startsWith('adapter:')) return `${source} imports ${to}`;
  if (rank(to) >= rank(source)) return `${source} imports ${rel}, which is above or beside it`;
  if (rel !== publicFile(to)) return `${source} imports ${rel}; only ${publicFile(to)} is public`;
  return undefined;
}

const LAYERED = [...files('src'), ...files('adapters'), ...files('app')].map((f) => join(ROOT, f));

describe('architecture boundary', () => {
  it('every import in src/, adapters/ and app/ follows the layers', () => {
    const offenders = LAYERED.flatMap((file) =>
      specifiers(readFileSync(file, 'utf8')).flatMap((spec) => {
        const why = violation(file, spec);
        return why ? [`${relative(ROOT, file)}: ${why}`] : [];
      }),
    );
    expect(offenders).toEqual([]);
  });

  it('the core, storage and insights name no platform, in code or comments', () => {
    const named = [...files('src/core'), ...files('src/storage'), ...files('src/insights')].filter((f) =>
      /slack|discord/i.test(readFileSync(join(ROOT, f), 'utf8')),
    );
    expect(named).toEqual([]);
  });

  it("outside adapters/, only the registry and a platform's own tools (app/<platform>-*.ts) name it", () => {
    const offenders = [...files('src'), ...files('app')].flatMap((f) => {
      const text = readFileSync(join(ROOT, f), 'utf8');
      const named = [...text.matchAll(/adapters\/([a-z0-9-]+)\//g)].map((m) => m[1] ?? '');
      const platforms = [...new Set(named)].filter((n) => n !== 'kit' && n !== 'terminal');
      const own = (p: string) => f.startsWith(`app/${p}-`);
      if (f === 'app/registry.ts') return [];
      return platforms.filter((p) => !own(p)).map((p) => `${f} names adapters/${p}`);
    });
    expect(offenders).toEqual([]);
  });

  // The rule itself, on planted imports: each of these must be refused.
  it.each([
    ['src/core/bot.ts', "import('../../adapters/slack/index.js')", 'core imports'],
    ['src/core/bot.ts', "export { x } from '../announce/index.js'", 'above or beside'],
    ['src/announce/runner.ts', "import { Client } from 'discord.js'", 'chat SDK'],
    ['src/announce/runner.ts', "import { x } from '../core/bot.js'", 'only src/core/index.ts is public'],
    ['src/core/bot.ts', "import { x } from '../storage/index.js'", 'above or beside'],
    ['src/announce/runner.ts', "import { x } from '../storage/migrate.js'", 'only src/storage/index.ts'],
    ['adapters/slack/app.ts', "await import('../discord/index.js')", 'adapter:slack imports adapter:discord'],
    ['adapters/slack/app.ts', "import { x } from '../kit/gate.js'", 'only adapters/kit/index.ts'],
    ['adapters/slack/app.ts', "import type { X } from '../../app/config.js'", 'above or beside'],
    ['app/main.ts', "import { x } from '../adapters/slack/app.js'", 'only adapters/slack/index.ts'],
    ['app/main.ts', "import { x } from '../tests/support/slack/fake-slack.js'", 'outside the layers'],
    ['src/insights/insights.ts', "import { x } from '../announce/index.js'", 'above or beside'],
    ['src/announce/runner.ts', "import { x } from '../insights/index.js'", 'above or beside'],
    ['src/insights/insights.ts', "import { x } from '../../adapters/kit/index.js'", 'above or beside'],
    [
      'adapters/kit/gate.ts',
      "import { x } from '../../src/insights/insights.js'",
      'only src/insights/index.ts',
    ],
  ])('refuses %s planting %s', (file, code, why) => {
    const found = specifiers(code).map((spec) => violation(join(ROOT, file), spec));
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(why);
  });

  it('allows what the layers allow', () => {
    const ok = [
      ['adapters/slack/app.ts', '../../src/core/index.js'],
      ['adapters/slack/app.ts', '../kit/index.js'],
      ['adapters/slack/app.ts', './render.js'],
      ['adapters/slack/app.ts', '@slack/bolt'],
      ['app/main.ts', '../adapters/slack/index.js'],
      ['src/announce/runner.ts', '../core/index.js'],
      ['src/announce/runner.ts', '../storage/index.js'],
      ['src/storage/migrate.ts', '../core/index.js'],
      ['src/insights/insights.ts', '../core/index.js'],
      ['src/insights/stores/postgres/store.ts', '../../../storage/index.js'],
      ['adapters/kit/gate.ts', '../../src/insights/index.js'],
    ] as const;
    for (const [file, spec] of ok)
      expect(violation(join(ROOT, file), spec), `${file} -> ${spec}`).toBeUndefined();
  });
});
