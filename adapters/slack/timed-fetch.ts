// Bolt posts `respond()` messages (buttons, announcement commands) to the request's response_url with the
// fetch it is given, and that call has no timeout of its own. Every fetch the app makes goes through this
// wrapper, so a hung response_url or Web API host costs at most `timeoutMs`, never a stuck handler.

type Fetch = typeof globalThis.fetch;

export function timedFetch(timeoutMs: number, base: Fetch = globalThis.fetch): Fetch {
  return (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    // A caller's own signal still works: whichever fires first aborts the request.
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return base(input, { ...init, signal });
  };
}
