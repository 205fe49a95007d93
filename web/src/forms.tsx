import { Alert } from '@mantine/core';
import { useState } from 'react';
import { ApiError } from './api.ts';

/**
 * Runs a form's request and keeps what went wrong: messages per field (for the inputs, which tie
 * them with aria-describedby) and one message for the form (announced by role=alert).
 */
export function useSubmit<T, A extends unknown[] = []>(action: (...args: A) => Promise<T>) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const submit = async (...args: A): Promise<{ ok: true; value: T } | { ok: false }> => {
    setPending(true);
    setError(null);
    try {
      return { ok: true, value: await action(...args) };
    } catch (caught) {
      setError(caught as Error);
      return { ok: false };
    } finally {
      setPending(false);
    }
  };
  const fieldError = (field: string) => (error instanceof ApiError ? error.fieldError(field) : undefined);
  return { submit, pending, error, fieldError };
}

/** The form-level message: the problem's detail, unless every failure belongs to a field. */
export function FormError({ error }: { error: ApiError | Error | null }) {
  if (!error) return null;
  if (error instanceof ApiError && error.errors.length > 0) return null;
  return (
    <Alert color="red" role="alert" variant="light" title={error instanceof ApiError ? error.title : undefined}>
      {error.message}
    </Alert>
  );
}
