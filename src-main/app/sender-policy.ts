// Decides whether an IPC call may be handled. The renderer is treated as hostile: only the top-level
// frame of our own window, showing a page of the app origin, may use the contract. A subframe, a
// page that navigated elsewhere, or another window's page is refused before any payload is read.
import { isAppUrl } from './app-origin.ts';

export interface SenderFacts {
  /** The sending frame's current URL; null when the frame is gone (navigated away or destroyed). */
  readonly url: string | null;
  /** The frame's security origin, when known: an opaque ("null") origin is refused. */
  readonly origin?: string;
  /** The frame is the top-level frame (no parent). */
  readonly isMainFrame: boolean;
  /** The frame belongs to the app window's webContents. */
  readonly isAppWindow: boolean;
}

/** The parts of Electron's IpcMainInvokeEvent the policy reads (structural, so tests need no Electron). */
export interface InvokeEventLike {
  readonly sender: { readonly id: number };
  readonly senderFrame: { readonly url: string; readonly origin: string; readonly parent: unknown } | null;
}

/** Reads the facts from an invoke event; appContentsId is the app window's webContents id, if open. */
export function senderFactsOf(event: InvokeEventLike, appContentsId: number | null): SenderFacts {
  try {
    const frame = event.senderFrame;
    return {
      url: frame === null ? null : frame.url,
      origin: frame === null ? undefined : frame.origin,
      isMainFrame: frame !== null && frame.parent === null,
      isAppWindow: appContentsId !== null && event.sender.id === appContentsId,
    };
  } catch {
    // A frame disposed mid-call throws on access: treat it as untrusted.
    return { url: null, isMainFrame: false, isAppWindow: false };
  }
}

export function isTrustedSender(facts: SenderFacts, appOrigin: string): boolean {
  if (!facts.isAppWindow || !facts.isMainFrame || facts.url === null) return false;
  if (facts.origin !== undefined && facts.origin !== appOrigin) return false;
  return isAppUrl(facts.url, appOrigin);
}
