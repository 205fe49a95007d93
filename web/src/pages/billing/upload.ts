import { currentCsrfToken, problemOf } from '../../api.ts';

/**
 * Sends a file as the request body (not a form), reporting how much has gone, so the bar can
 * move while a large file uploads. Resolves with the JSON answer; an error answer is an ApiError.
 */
export function uploadFile<T>(path: string, file: File, onProgress: (sent: number, total: number) => void, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', path);
    request.setRequestHeader('Content-Type', 'text/csv');
    request.setRequestHeader('Accept', 'application/json');
    const token = currentCsrfToken();
    if (token) request.setRequestHeader('X-CSRF-Token', token);
    request.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
    request.onload = () => {
      let body: Record<string, unknown> | null = null;
      try {
        body = request.responseText ? JSON.parse(request.responseText) : null;
      } catch {
        body = null;
      }
      if (request.status >= 200 && request.status < 300) resolve(body as T);
      else reject(problemOf(request.status, request.statusText, body));
    };
    request.onerror = () => reject(new Error(request.statusText || 'Network error'));
    request.onabort = () => reject(new DOMException('Aborted', 'AbortError'));
    signal?.addEventListener('abort', () => request.abort());
    request.send(file);
  });
}
