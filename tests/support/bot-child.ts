// The Slack stand-in the built `npm start` (dist/app/main.js) talks to, and helpers to run it as a child
// process and read its JSON log lines.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { FakeSlack } from './slack/fake-slack.js';

/** Who the bot is in the workspace these tests sign their requests for (what auth.test answers). */
const WORKSPACE_BOT = { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' };

/**
 * FakeSlack (127.0.0.1 only) as the child process's Slack: its Web API, response_url hooks and Socket
 * Mode. `calls` lists the Web API methods called, in order.
 */
export class SlackStandIn {
  #fake: FakeSlack | undefined;
  #authTest: Record<string, unknown> = WORKSPACE_BOT;

  /** What auth.test answers (e.g. `{ ok: false, error: 'invalid_auth' }`); settable at any time. */
  get authTest(): Record<string, unknown> {
    return this.#authTest;
  }
  set authTest(answer: Record<string, unknown>) {
    this.#authTest = answer;
    this.#fake?.answer('auth.test', answer);
  }

  get calls(): string[] {
    return this.#fake?.calls.map((c) => c.method) ?? [];
  }

  get port(): number {
    return this.#started().port;
  }

  get apiUrl(): string {
    return this.#started().apiUrl;
  }

  async start(): Promise<this> {
    this.#fake = await FakeSlack.start();
    this.#fake.answer('auth.test', this.#authTest);
    return this;
  }

  async stop(): Promise<void> {
    await this.#fake?.close();
  }

  #started(): FakeSlack {
    if (!this.#fake) throw new Error('the Slack stand-in is not started');
    return this.#fake;
  }
}

export interface MainProcess {
  child: ChildProcessWithoutNullStreams;
  /** Resolves with the first log line whose `msg` is `msg`. */
  logged(msg: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  exited: Promise<{ code: number | null; stderr: string }>;
  stderr(): string;
}

/** Spawn the built entry point with exactly `env` (plus PATH): nothing from the shell picks a platform. */
export function startMain(env: Record<string, string>): MainProcess {
  const child = spawn(process.execPath, ['dist/app/main.js'], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
  });
  let stderr = '';
  const lines: Array<Record<string, unknown>> = [];
  const waiters: Array<() => void> = [];
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    lines.length = 0;
    for (const l of stderr.split('\n')) {
      try {
        const parsed: unknown = JSON.parse(l);
        if (typeof parsed === 'object' && parsed !== null) lines.push({ ...parsed });
      } catch {
        // Not a log line (the start-up error message, for instance).
      }
    }
    for (const w of waiters.splice(0)) w();
  });
  const exited = once(child, 'exit').then(([code]) => ({
    code: typeof code === 'number' ? code : null,
    stderr,
  }));
  const logged = (msg: string, timeoutMs = 15_000) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no "${msg}" log line; stderr:\n${stderr}`)),
        timeoutMs,
      );
      const check = () => {
        const found = lines.find((l) => l.msg === msg);
        if (found) {
          clearTimeout(timer);
          resolve(found);
        } else waiters.push(check);
      };
      void exited.then(() => {
        clearTimeout(timer);
        const found = lines.find((l) => l.msg === msg);
        if (found) resolve(found);
        else reject(new Error(`exited without "${msg}"; stderr:\n${stderr}`));
      });
      check();
    });
  return { child, logged, exited, stderr: () => stderr };
}
