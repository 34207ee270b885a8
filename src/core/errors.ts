// Expected failures (bad configuration, a foreign database, a rejected token) carry a stable `code`, so the
// entry points can tell them from bugs: a coded error is printed as one clear message, a bug with its stack.

export class CodedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Any error with a string `code` (ours, Node's system errors, the adapters' start errors). */
export function hasCode(err: unknown): err is Error & { code: string } {
  return err instanceof Error && 'code' in err && typeof err.code === 'string';
}
