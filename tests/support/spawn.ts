// Runs bot-process.ts as a real child process. The TypeScript it needs is transpiled (no type
// check; tsc --noEmit covers that) into a temp folder, so the test never depends on a stale dist/ build.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import type { BotProcessConfig } from './bot-process.js';

export const REPO = path.resolve(import.meta.dirname, '../..');

const SOURCES = [
  'src',
  'tests/support/announce-helpers.ts',
  'tests/support/reply-labels.ts',
  'tests/support/announce-loopback.ts',
  'tests/support/bot-process.ts',
];

function files(rel: string): string[] {
  const abs = path.join(REPO, rel);
  if (rel.endsWith('.ts')) return [rel];
  return readdirSync(abs, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(rel, f));
}

/** Transpile the bot process and what it imports into `dir`; returns the script's path. */
export function buildBotProcess(dir: string): string {
  for (const rel of SOURCES.flatMap(files)) {
    const out = path.join(dir, rel.replace(/\.ts$/, '.js'));
    mkdirSync(path.dirname(out), { recursive: true });
    const js = ts.transpileModule(readFileSync(path.join(REPO, rel), 'utf8'), {
      fileName: rel,
      compilerOptions: {
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2023,
        verbatimModuleSyntax: true,
      },
    }).outputText;
    writeFileSync(out, js);
  }
  writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}\n');
  // Bare imports (better-sqlite3, croner, yaml, zod) resolve through the repo's node_modules.
  symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return path.join(dir, 'tests/support/bot-process.js');
}

export interface BotProcess {
  child: ChildProcessWithoutNullStreams;
  /** Resolves with the tick report (undefined if killed) and stderr. */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; report: unknown; stderr: string }>;
  /** Resolves when a waitForGo process has opened the database and waits. */
  ready: Promise<void>;
}

export function startBotProcess(script: string, config: BotProcessConfig): BotProcess {
  const child = spawn(process.execPath, [script, JSON.stringify(config)], { cwd: REPO });
  let stdout = '';
  let stderr = '';
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    if (stdout.startsWith('ready\n')) markReady();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const done = once(child, 'exit').then(([code, signal]) => {
    const last = stdout.trim().split('\n').at(-1);
    const report = last && last !== 'ready' ? JSON.parse(last) : undefined;
    return { code: code as number | null, signal: signal as NodeJS.Signals | null, report, stderr };
  });
  return { child, done, ready };
}
