// Renderer-side passkey failure codes and their words, for codes the shared catalogue does not have
// (yet): the browser only says "NotAllowedError", and each failure needs its own code and next step.
// No imports, so the error helpers can use this without an import cycle.
export const passkeyFallbacks = {
  PASSKEY_CEREMONY_CANCELLED: {
    summary: 'The passkey request was cancelled or timed out, or the passkey could not confirm it was you.',
    userAction: 'Try again and confirm with your fingerprint, face, PIN or security key. Nothing was changed.',
  },
  PASSKEY_PRF_UNSUPPORTED: {
    summary: 'This passkey provider cannot protect backups: it does not support the PRF extension.',
    userAction:
      'Use another passkey provider (a recent security key, Windows Hello, iCloud Keychain or Google Password Manager), or keep using your recovery key.',
  },
  PASSKEY_NOT_ON_DEVICE: {
    summary: 'No passkey for this backup is available on this device.',
    userAction: 'Use the phone or security key that holds the passkey, or unlock with your recovery key instead.',
  },
  PASSKEY_ALREADY_ENROLLED: {
    summary: 'This passkey already protects this backup.',
    userAction: 'Choose another passkey provider or security key to add a second passkey.',
  },
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
