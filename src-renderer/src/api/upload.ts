// POST /upload on the browser host: the page cannot hand main a file path, so the bytes go first
// and the import refers to them by id. XMLHttpRequest, because fetch cannot report upload progress.
import type { ErrorData, Result } from '../../../src-shared/errors.ts';
import { ApiError } from './api-error.ts';

export interface UploadOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (bytesDone: number, bytesTotal: number) => void;
}

export function uploadFile(file: File, options: UploadOptions = {}): Promise<{ uploadId: string }> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', '/upload');
    request.setRequestHeader('X-File-Name', encodeURIComponent(file.name));
    request.responseType = 'text';
    request.upload.onprogress = (event) => options.onProgress?.(event.loaded, event.lengthComputable ? event.total : file.size);
    request.onload = () => {
      const result = parseResult(request.responseText);
      if (result === null) reject(new ApiError('UPLOAD_FAILED', `The upload failed (HTTP ${request.status}).`));
      else if (result.ok) resolve(result.value);
      else reject(ApiError.fromData(result.error));
    };
    request.onerror = () => reject(new ApiError('UPLOAD_FAILED', 'The file could not be sent to Companion.'));
    request.onabort = () => reject(new ApiError('OPERATION_CANCELLED', 'The import was cancelled.'));
    options.signal?.addEventListener('abort', () => request.abort(), { once: true });
    if (options.signal?.aborted === true) {
      request.abort();
      return;
    }
    request.send(file);
  });
}

function parseResult(text: string): Result<{ uploadId: string }> | null {
  try {
    const value = JSON.parse(text) as { ok?: unknown; value?: { uploadId?: unknown }; error?: ErrorData };
    if (value.ok === true && typeof value.value?.uploadId === 'string') return { ok: true, value: { uploadId: value.value.uploadId } };
    if (value.ok === false && typeof value.error?.code === 'string') return { ok: false, error: value.error };
    return null;
  } catch {
    return null;
  }
}
