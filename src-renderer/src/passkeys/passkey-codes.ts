// Renderer-side passkey failure codes and their words, for failures the shared catalogue has no code
// for: the browser only says "NotAllowedError", and each failure needs its own code and next step.
// No imports, so the error helpers can use this without an import cycle.
export const passkeyFallbacks = {
  PASSKEY_ORIGIN_REFUSED: {
    summary: 'The browser refused to use passkeys on this page.',
    userAction: 'Open Companion from its own address (localhost in the browser), then try again.',
  },
  PASSKEY_CEREMONY_FAILED: {
    summary: 'The passkey request failed.',
    userAction: 'Try again. If it keeps failing, use another passkey or your recovery key.',
  },
} as const;

export type PasskeyClientCode = keyof typeof passkeyFallbacks;
