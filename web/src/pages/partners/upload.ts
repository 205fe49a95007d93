import { api, ApiError } from '../../api.ts';

/** Posts files as multipart/form-data (field `files`), with the session's CSRF token. */
export async function upload<T>(path: string, files: File[]): Promise<T> {
  const form = new FormData();
  for (const file of files) form.append('files', file);
  return api<T>(path, { method: 'POST', form });
}

export { ApiError };
