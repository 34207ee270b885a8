// One place per adapter where failures are logged, with their code and the context they happened in
// (after Bolt's app.error). Nothing is swallowed without passing through here.
import { hasCode, type Logger } from '../../src/core/index.js';

export interface ErrorSink {
  /** Log `error` with what was being done; never throws. */
  report(error: unknown, context: Record<string, unknown>): void;
}

export interface SinkOptions {
  /** The platform's own code for an error (e.g. an API's error name), when it knows one. */
  code?: (error: unknown) => string | undefined;
  /** Extra fields safe to log about an error (status codes, never message text or ids). */
  fields?: (error: unknown) => Record<string, unknown>;
}

export function createErrorSink(platform: string, logger: Logger, opts: SinkOptions = {}): ErrorSink {
  return {
    report(error, context) {
      const code = opts.code?.(error) ?? (hasCode(error) ? error.code : undefined);
      // A coded error is an expected failure: its code says it all, and platform messages may quote a
      // request. An uncoded one is a bug: its name and (redacted) message are what a maintainer needs.
      const detail = code !== undefined ? { code } : { code: 'unexpected', err: error };
      logger.error(`${platform}.handler_failed`, { ...context, ...detail, ...opts.fields?.(error) });
    },
  };
}
