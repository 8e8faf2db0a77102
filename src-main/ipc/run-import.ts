import { rm } from 'node:fs/promises';
import type { ImportResult, ParsedInput } from '../../src-shared/contract.ts';
import { AppError } from '../../src-shared/errors.ts';
import { runJob } from '../jobs/run-job.ts';
import type { AppContext } from '../services/app-context.ts';
import { resolveUpload } from '../services/uploads.ts';
import { operationContext } from './operation-context.ts';
import path from 'node:path';

interface ImportFile {
  readonly file: string;
  readonly displayName: string;
  /** Uploads are ours to delete once imported; files the person picked are not. */
  readonly owned: boolean;
}

async function resolveSource(context: AppContext, source: ParsedInput<'importChatExport'>['source']): Promise<ImportFile | null> {
  switch (source.kind) {
    case 'upload': {
      const upload = await resolveUpload(context.paths, source.uploadId);
      return { file: upload.file, displayName: upload.fileName, owned: true };
    }
    case 'dialog': {
      if (context.host.pickImportFile === undefined) throw new AppError('IMPORT_DIALOG_UNAVAILABLE');
      const file = await context.host.pickImportFile();
      return file === null ? null : { file, displayName: path.basename(file), owned: false };
    }
  }
}

/** Imports in a worker thread, reporting progress under the caller's operation id. */
export async function runImport(context: AppContext, input: ParsedInput<'importChatExport'>): Promise<ImportResult | null> {
  // Registered before the upload is resolved, so a cancel that arrives at once still finds it.
  return context.operations.run(input.operationId, async (signal, operationId) => {
    const source = await resolveSource(context, input.source);
    if (source === null) return null;
    try {
      const result = await runJob(
        'import',
        { profileDir: context.paths.dir, file: source.file, displayName: source.displayName },
        operationContext(context, signal, operationId),
      );
      context.events.emit('storeChanged', { reason: 'import' });
      return result;
    } finally {
      if (source.owned) await rm(source.file, { force: true });
    }
  });
}
