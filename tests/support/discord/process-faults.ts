// Records unhandled rejections and uncaught exceptions while a test runs. discord.js throws from inside its
// gateway listeners, which surfaces as one of these two: a test asserts that neither fired.
export interface ProcessFaults {
  readonly seen: Array<{ kind: 'unhandledRejection' | 'uncaughtException'; error: unknown }>;
  dispose(): void;
}

export function watchProcessFaults(): ProcessFaults {
  const seen: ProcessFaults['seen'] = [];
  const onRejection = (error: unknown) => seen.push({ kind: 'unhandledRejection', error });
  const onException = (error: unknown) => seen.push({ kind: 'uncaughtException', error });
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return {
    seen,
    dispose() {
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onException);
    },
  };
}

/** Let pending rejections surface: Node reports them after the microtask queue drains. */
export function settle(ms = 50): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
