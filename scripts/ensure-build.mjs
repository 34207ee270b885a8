// Rebuilds dist/ only when a source file is newer than the last build, so `npm run ask` in a script loop
// does not pay for a TypeScript check each time (a no-op `tsc` still takes over a second).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

// tsc leaves its own build info untouched when nothing changed, so a stamp of our own marks the check.
const stamp = 'dist/.build-stamp';
const roots = [
  'src',
  'adapters',
  'bench',
  'tests/eval/evaluate.ts',
  'tsconfig.json',
  'tsconfig.build.json',
  'package.json',
];

function newest(path) {
  const info = statSync(path, { throwIfNoEntry: false });
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newest(join(path, name))), info.mtimeMs);
}

const built = statSync(stamp, { throwIfNoEntry: false })?.mtimeMs ?? 0;
if (roots.some((root) => newest(root) > built)) {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  if (result.status === 0) writeFileSync(stamp, `${new Date().toISOString()}\n`);
  process.exitCode = result.status ?? 1;
}
