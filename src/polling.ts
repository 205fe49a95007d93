/** A loop that runs a pass, then waits `intervalMs` or until woken; a busy pass goes again at once. */
export interface Poller {
  /** Runs a pass now instead of after the wait (after work was queued and committed). */
  wake(): void;
  /** Finishes the pass under way and stops. */
  stop(): Promise<void>;
}

/**
 * Starts polling: `pass` returns true when it did a full batch (more may be waiting); a pass that
 * throws is reported to `onError` and the loop goes on after the wait.
 */
export function startPolling(pass: () => Promise<boolean>, intervalMs: number, onError: (error: unknown) => void): Poller {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let wakeUp: (() => void) | null = null;
  let woken = false;

  const sleep = () =>
    new Promise<void>((resolve) => {
      if (woken || stopped) return resolve();
      wakeUp = resolve;
      timer = setTimeout(resolve, intervalMs);
    }).finally(() => {
      if (timer) clearTimeout(timer);
      timer = null;
      wakeUp = null;
      woken = false;
    });

  const loop = (async () => {
    while (!stopped) {
      let busy = false;
      try {
        busy = await pass();
      } catch (error) {
        onError(error);
      }
      if (!busy) await sleep();
    }
  })();

  return {
    wake() {
      woken = true;
      wakeUp?.();
    },
    async stop() {
      stopped = true;
      wakeUp?.();
      await loop;
    },
  };
}
