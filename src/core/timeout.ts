// Racing a promise against a timer, with the timer cleared whichever wins: start-up checks and shutdowns
// that must not wait forever on a remote server use it.

export type Within<T> = { timedOut: false; value: T } | { timedOut: true };

/** `work`'s value, or `{ timedOut: true }` when it has not settled within `ms`. A rejection is rethrown. */
export async function within<T>(work: Promise<T>, ms: number): Promise<Within<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Within<T>>((resolve) => {
    timer = setTimeout(() => resolve({ timedOut: true }), ms);
  });
  try {
    return await Promise.race([work.then((value): Within<T> => ({ timedOut: false, value })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
