// Some tests run the compiled entry points as a user would (`node dist/...`): build once before any test.
// Type errors do not stop the emit; `npm test` reports them in its own `tsc --noEmit` step.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

export default function setup(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'ignore' });
}
