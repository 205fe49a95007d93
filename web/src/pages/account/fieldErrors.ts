import { ApiError } from '../../api.ts';

/** The message for one field of a failed request, in the reader's language as the server wrote it. */
export function useFieldError(error: ApiError | Error | null): (field: string) => string | undefined {
  return (field) => (error instanceof ApiError ? error.fieldError(field) : undefined);
}
