// Expected failures (bad configuration, a foreign database, a rejected token) carry a stable `code`, so the
// entry points can tell them from bugs: a coded error is printed as one clear message, a bug with its stack.

export class CodedError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Any error with a string `code` (ours, Node's system errors, the adapters' start errors). */
export function hasCode(err: unknown): err is Error & { code: string } {
  return err instanceof Error && 'code' in err && typeof err.code === 'string';
}

/** The code of a throw the core did not expect (a bug), reported with the original error as its `cause`. */
export const CORE_UNEXPECTED = 'core_unexpected';

/**
 * Where the core reports an error it recovered from. The core is pure and has no logger, so whoever
 * creates the bot passes one in (BotOptions.onError); without it a recovered bug would go unseen.
 */
export type CoreErrorReporter = (error: CodedError) => void;

/** `error` itself when it already carries our code, otherwise a `core_unexpected` wrapping it as the cause. */
export function toCodedError(error: unknown, message: string): CodedError {
  return error instanceof CodedError ? error : new CodedError(CORE_UNEXPECTED, message, { cause: error });
}
