// Which chat an export belongs to. The key comes from the export's file name, which stays the same
// every time the same chat is exported, so importing it again merges into the same chat.
import path from 'node:path';

export interface ChatIdentity {
  readonly importKey: string;
  readonly title: string;
}

/** "WhatsApp Chat with X" (Android), "WhatsApp Chat - X" (iOS), and the German forms. */
const exportPrefix = /^WhatsApp[ -]Chat(?: with | - | mit )/i;
/** Names that say nothing about the chat: the iOS text file, or a browser's copy suffix on it. */
const genericStem = /^_?chat(?: ?\(\d+\))?$/i;
const fallbackTitle = 'Imported chat';

/**
 * @param displayName the file name the person chose (.txt or .zip)
 * @param chatName the chat's own name if the export states it (the iOS encryption notice), for generic names
 */
export function chatIdentity(displayName: string, chatName: string | null): ChatIdentity {
  const stem = path
    .basename(displayName.replaceAll('\\', '/'))
    .replace(/\.(txt|zip)$/i, '')
    .normalize('NFC')
    .trim();
  const named = stem.replace(exportPrefix, '').trim();
  const title = named === '' || genericStem.test(stem) ? (chatName?.normalize('NFC').trim() ?? '') || fallbackTitle : named;
  return { importKey: `export-name:${title.toLowerCase()}`, title };
}
