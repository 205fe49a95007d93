import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from './api.ts';

export interface LoadOptions<T> {
  /** Load again every `intervalMs` while this says the answer is still moving (an import under way). */
  pollWhile?: (data: T) => boolean;
  intervalMs?: number;
}

/**
 * Reads `path` from the API (again whenever it changes, on `reload`, and while `pollWhile` holds),
 * keeping the last answer while the next loads so a list does not blink; an answer that arrives
 * after a newer request is dropped. `null` loads nothing.
 */
export function useLoad<T>(path: string | null, options: LoadOptions<T> = {}) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [loading, setLoading] = useState(path !== null);
  const [reloads, setReloads] = useState(0);
  const pollWhile = useRef(options.pollWhile);
  pollWhile.current = options.pollWhile;
  const intervalMs = options.intervalMs ?? 1000;

  useEffect(() => {
    if (path === null) return;
    let current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () => {
      setLoading(true);
      api<T>(path)
        .then(
          (result) => {
            if (!current) return;
            setData(result);
            setError(null);
            if (pollWhile.current?.(result)) timer = setTimeout(load, intervalMs);
          },
          (failure: Error) => current && setError(failure),
        )
        .finally(() => current && setLoading(false));
    };
    setError(null);
    load();
    return () => {
      current = false;
      if (timer) clearTimeout(timer);
    };
  }, [path, reloads, intervalMs]);

  const reload = useCallback(() => setReloads((n) => n + 1), []);
  return { data, error, loading, reload };
}
