// Rebuilds a TypeScript project only when a source file is newer than its last build, so `npm run ask` in
// a script loop does not pay for a TypeScript check each time (a no-op `tsc` still takes over a second).
// `node scripts/ensure-build.mjs` builds the app into dist/; `... bench` builds the benchmarks and the
// evaluation tools into .build/ (kept apart so nothing from bench/, eval/ or tests/ ships in dist/).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const shared = ['src', 'adapters', 'app', 'tsconfig.json', 'package.json'];
const projects = {
  app: { config: 'tsconfig.build.json', stamp: 'dist/.build-stamp', roots: shared },
  bench: {
    config: 'tsconfig.bench.json',
    stamp: '.build/.build-stamp',
    roots: [...shared, 'bench', 'eval', 'tests/support', 'tsconfig.bench.json'],
  },
};
const project = projects[process.argv[2] ?? 'app'];
if (!project) {
  process.stderr.write(`ensure-build: unknown project "${process.argv[2]}" (app or bench)\n`);
  process.exit(2);
}
const roots = [...project.roots, project.config];

function newest(path) {
  const info = statSync(path, { throwIfNoEntry: false });
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newest(join(path, name))), info.mtimeMs);
}

const built = statSync(project.stamp, { throwIfNoEntry: false })?.mtimeMs ?? 0;
if (roots.some((root) => newest(root) > built)) {
  // The first build compiles everything (about 15 s on a small machine): say so rather than sit silent.
  if (built === 0)
    process.stderr.write(`Compiling TypeScript (${project.config}) once; later runs reuse it…\n`);
  let tsc;
  try {
    tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    // A production install (npm ci --omit=dev, or npm prune --omit=dev after a build) has no compiler.
    if (project === projects.app && statSync('dist/app/main.js', { throwIfNoEntry: false })) {
      process.stderr.write('TypeScript is not installed (a production install): using the build in dist/.\n');
      process.exit(0);
    }
    process.stderr.write(
      `Cannot build ${project.config}: TypeScript is not installed, and there is no build to use.\n` +
        'Build first, then drop the dev dependencies: npm ci && npm run build && npm prune --omit=dev\n',
    );
    process.exit(1);
  }
  const result = spawnSync(process.execPath, [tsc, '-p', project.config], { stdio: 'inherit' });
  if (result.status === 0) writeFileSync(project.stamp, `${new Date().toISOString()}\n`);
  process.exitCode = result.status ?? 1;
}
