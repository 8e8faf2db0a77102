// The native pickers: "Import chat" (only what the importer reads, .txt or .zip chat exports) and the
// backup folder.
import type { OpenDialogOptions, OpenDialogReturnValue } from 'electron';

export function importDialogOptions(): OpenDialogOptions {
  return {
    title: 'Import a chat export',
    properties: ['openFile'],
    filters: [{ name: 'Chat export (.txt, .zip)', extensions: ['txt', 'zip'] }],
  };
}

/** The native "Backup folder" picker: a folder, which may be new (an empty folder on a drive). */
export function backupFolderDialogOptions(): OpenDialogOptions {
  return { title: 'Choose a backup folder', properties: ['openDirectory', 'createDirectory'] };
}

/** The chosen path, or null when the person cancelled. */
export function pickedPath(result: OpenDialogReturnValue): string | null {
  return result.canceled ? null : (result.filePaths[0] ?? null);
}
