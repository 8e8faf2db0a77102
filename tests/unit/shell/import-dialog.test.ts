import { describe, expect, it } from 'vitest';
import { backupFolderDialogOptions, importDialogOptions, pickedPath } from '../../../src-main/app/import-dialog.ts';

describe('the import dialog', () => {
  it('offers one file, .txt or .zip', () => {
    const options = importDialogOptions();
    expect(options.properties).toEqual(['openFile']);
    expect(options.filters?.flatMap((filter) => filter.extensions)).toEqual(['txt', 'zip']);
  });

  it('offers one folder for backups, which may be created there', () => {
    expect(backupFolderDialogOptions().properties).toEqual(['openDirectory', 'createDirectory']);
  });

  it('reads the chosen path, or null when cancelled', () => {
    expect(pickedPath({ canceled: false, filePaths: ['/home/a/chat.zip'] })).toBe('/home/a/chat.zip');
    expect(pickedPath({ canceled: true, filePaths: ['/home/a/chat.zip'] })).toBeNull();
    expect(pickedPath({ canceled: false, filePaths: [] })).toBeNull();
  });
});
