// Where the core's recovered failures go: the core is pure and returns a fallback reply for anything that
// goes wrong inside ask(); the app logs what it recovered from, once, with its code and cause.
import type { CodedError, Logger } from '../src/core/index.js';

export function reportCoreErrors(logger: Logger): (error: CodedError) => void {
  return (error) => logger.error('core.unexpected', { code: error.code, err: error.cause ?? error });
}
