// The native "Import chat" picker: only what the importer reads (.txt or .zip chat exports).
import type { OpenDialogOptions, OpenDialogReturnValue } from 'electron';

export function importDialogOptions(): OpenDialogOptions {
  return {
    title: 'Import a chat export',
    properties: ['openFile'],
    filters: [{ name: 'Chat export (.txt, .zip)', extensions: ['txt', 'zip'] }],
  };
}

/** The chosen path, or null when the person cancelled. */
export function pickedPath(result: OpenDialogReturnValue): string | null {
  return result.canceled ? null : (result.filePaths[0] ?? null);
}
