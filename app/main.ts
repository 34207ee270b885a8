// `npm start`: loads configuration and knowledge once, then starts every configured platform from the
// registry, or the terminal chat when none is. Expected failures (any error with a `code`) stop start-up
// with one message naming what is wrong; exit codes are in lifecycle.ts and README. /healthz is served in
// every platform mode.
import 'dotenv/config';
import { runChat } from '../adapters/terminal/index.js';
import {
  createBot,
  createHealthRegistry,
  createLogger,
  hasCode,
  loadKnowledgeFast,
  redact,
} from '../src/core/index.js';
import { type Config, checkConfigPaths, loadConfig, secretsOf } from './config.js';
import { openLanguages } from './languages.js';
import { EXIT, type ExitCode, watchFatal } from './lifecycle.js';
import { reportCoreErrors } from './report.js';
import { type RunningApp, startApp } from './run.js';
import { describeStore } from './store.js';

async function main(config: Config): Promise<ExitCode | undefined> {
  checkConfigPaths(config);
  const knowledge = await loadKnowledgeFast(config.knowledgeDir);
  if (config.platforms.length === 0) {
    // The chat's own output is the interface: log lines only for warnings and worse.
    const quiet = createLogger('warn', undefined, config.secrets, config.logFormat);
    await runChat(
      createBot({ knowledge, languages: openLanguages(knowledge, quiet), onError: reportCoreErrors(quiet) }),
      undefined,
      quiet,
    );
    return EXIT.ok;
  }
  const logger = createLogger(config.logLevel, undefined, config.secrets, config.logFormat);
  let app: RunningApp | undefined;
  let stopping = false;
  const shutdown = async (reason: string, code: ExitCode) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { reason, exitCode: code });
    await app?.stop();
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown('SIGINT', EXIT.ok));
  process.once('SIGTERM', () => void shutdown('SIGTERM', EXIT.ok));
  const health = createHealthRegistry();
  const fatal = watchFatal(health, logger, (reason, code) => void shutdown(reason, code));
  app = await startApp(config, { knowledge, logger, health });
  fatal.arm();
  logger.info('announcements started', { database: describeStore(config).where });
  return undefined;
}

// Every registered platform's secret patterns, known before the configuration is even valid.
const secrets = secretsOf();
new Promise<Config>((resolve) => resolve(loadConfig())).then(main).then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (err: unknown) => {
    if (hasCode(err)) {
      // Expected: the message names the variable or file at fault; a stack would only bury it.
      process.stderr.write(`optout-bot cannot start.\n${redact(err.message, secrets)}\n`);
      process.exitCode = EXIT.startup;
    } else {
      process.stderr.write(
        `optout-bot stopped: ${redact(err instanceof Error ? (err.stack ?? err.message) : String(err), secrets)}\n`,
      );
      process.exitCode = EXIT.crash;
    }
  },
);
