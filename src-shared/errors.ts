// The one catalogue of error codes. Codes cross every boundary (IPC, WebSocket, CLI) as data,
// because `instanceof` does not survive serialisation. Messages must never carry secrets or content.

export interface CatalogueEntry {
  /** What happened, in words a user understands. */
  readonly summary: string;
  /** What the user can do next. */
  readonly userAction: string;
  /** What support staff should check. */
  readonly supportCheck: string;
}

export const errorCatalogue = {
  IPC_INVALID_INPUT: {
    summary: 'The app sent a request the main process does not accept.',
    userAction: 'Restart Companion. If it happens again, export diagnostics and contact support.',
    supportCheck: 'A renderer/main version mismatch or a bug in the renderer; details name the invalid fields.',
  },
  IPC_UNKNOWN_METHOD: {
    summary: 'The app asked for an operation that does not exist.',
    userAction: 'Restart Companion, or update it.',
    supportCheck: 'The renderer and main process come from different builds.',
  },
  IPC_FORBIDDEN_SENDER: {
    summary: 'A request came from a page that is not Companion and was refused.',
    userAction: 'Nothing to do: Companion refused it on purpose.',
    supportCheck: 'Something tried to call the IPC contract from a foreign frame or origin.',
  },
  INTERNAL_ERROR: {
    summary: 'Something went wrong inside Companion.',
    userAction: 'Try again. If it keeps happening, export diagnostics and contact support.',
    supportCheck: 'An unexpected exception; the log has the stack trace under the same time.',
  },
  CONNECTION_LOST: {
    summary: 'The connection to Companion was lost.',
    userAction: 'Companion is reconnecting. Try again in a moment.',
    supportCheck:
      'Raised by the renderer when the IPC/WebSocket link closed mid-call; the main process may have restarted or crashed (see its log).',
  },
  UPLOAD_FAILED: {
    summary: 'The file could not be sent to Companion.',
    userAction: 'Check that Companion is still running, then choose the file again.',
    supportCheck:
      'Raised by the renderer when POST /upload failed (details in the message: HTTP status or network error). Browser host only.',
  },
  OPERATION_CANCELLED: {
    summary: 'The operation was cancelled.',
    userAction: 'Start it again when you are ready; nothing was changed.',
    supportCheck: 'Cancelled by the user or by shutdown; no partial writes are kept.',
  },
  STORE_NEWER_VERSION: {
    summary: 'This message store was written by a newer version of Companion.',
    userAction: 'Install the latest Companion. Your data has not been changed.',
    supportCheck: "details.found is the store's schema version, details.supported the newest this build knows.",
  },
  STORE_OPEN_FAILED: {
    summary: 'The message store could not be opened.',
    userAction: 'Check that the disk is connected and has free space, then restart Companion.',
    supportCheck: 'details.reason is the SQLite error code (SQLITE_CANTOPEN, SQLITE_NOTADB, SQLITE_CORRUPT...).',
  },
  DISK_FULL: {
    summary: 'The disk is full.',
    userAction: 'Free some disk space and try again. Nothing was lost.',
    supportCheck: 'ENOSPC or SQLITE_FULL while writing; the transaction was rolled back.',
  },
  CHAT_NOT_FOUND: {
    summary: 'That chat no longer exists.',
    userAction: 'Reload the chat list.',
    supportCheck: 'The renderer asked for a chat id that is not in the store.',
  },
  IMPORT_NOT_AN_EXPORT: {
    summary: 'This file is not a chat export Companion can read.',
    userAction: 'Choose the .txt or .zip that "Export chat" produced, unchanged.',
    supportCheck: 'details.line is the first line number that could not be read.',
  },
  IMPORT_FILE_UNREADABLE: {
    summary: 'The chosen file could not be read.',
    userAction: 'Check that the file still exists and that you can open it, then try again.',
    supportCheck: 'details.reason is the file system error code.',
  },
  IMPORT_ZIP_INVALID: {
    summary: 'The .zip file is damaged or does not contain a chat.',
    userAction: 'Export the chat again, or choose the _chat.txt inside the .zip.',
    supportCheck: 'The archive failed to open, or holds no _chat.txt / chat .txt file.',
  },
  IMPORT_UPLOAD_UNKNOWN: {
    summary: 'The uploaded file is no longer available.',
    userAction: 'Choose the file again.',
    supportCheck: 'The upload id is unknown or expired (uploads are removed after import).',
  },
  IMPORT_DIALOG_UNAVAILABLE: {
    summary: 'This window cannot open a file picker.',
    userAction: 'Use the "Import chat" button to choose a file.',
    supportCheck: 'The native file dialog exists only in the desktop app.',
  },
  WEB_TOKEN_MISSING: {
    summary: 'This page was opened without its access token.',
    userAction: 'Open the full address that `npm run web` printed; it ends with ?token=….',
    supportCheck: 'The browser host requires the per-run token (query or cookie) on every request.',
  },
  WEB_TOKEN_INVALID: {
    summary: 'The access token does not match this run of Companion.',
    userAction: 'Open the address printed by the running `npm run web`; each run has a new token.',
    supportCheck: 'The token came from an older run, or someone guessed at it.',
  },
  WEB_ORIGIN_FORBIDDEN: {
    summary: 'A request from another website was refused.',
    userAction: 'Nothing to do: Companion only answers its own page.',
    supportCheck: 'The Origin or Host header was not localhost/127.0.0.1 on the host port (DNS rebinding or cross-site request).',
  },
  ELECTRON_MISSING: {
    summary: "Electron's binary is not installed on this machine.",
    userAction: 'Run `npm run web` to use Companion in your browser, or install Electron.',
    supportCheck: 'The install ran with ELECTRON_SKIP_BINARY_DOWNLOAD=1 or the download failed.',
  },
  CLI_USAGE: {
    summary: 'The command line was not understood.',
    userAction: 'Run `npm run cli -- help` to see the commands and their options.',
    supportCheck: 'details.reason says which argument was wrong.',
  },
  RECOVERY_KEY_TYPO: {
    summary: 'The recovery key has a typing mistake.',
    userAction: 'Compare it with your printed or saved copy, character by character. Dashes, spaces and letter case do not matter.',
    supportCheck:
      'Caught by the check character before any decryption. details.problem is length, character or check; details.position/group point at the character when known.',
  },
  RECOVERY_KEY_WRONG: {
    summary: 'This recovery key is valid, but it does not belong to this backup.',
    userAction: 'Look for the recovery key that was shown when this backup was set up, or unlock with a passkey.',
    supportCheck: 'The key is well-formed but matches no recovery slot in keys/; details.slots is how many slots were tried.',
  },
  PASSKEY_SECRET_MISMATCH: {
    summary: 'The passkey answered, but the secret it produced does not open this backup.',
    userAction: 'Try another passkey, or unlock with your recovery key.',
    supportCheck:
      'The ceremony succeeded but the PRF output derives another key than the slot expects (another credential, or a provider whose PRF differs).',
  },
  PASSKEY_CEREMONY_CANCELLED: {
    summary: 'The passkey request was cancelled or timed out.',
    userAction: 'Try again, and confirm with your passkey (Touch ID, Windows Hello, your phone or security key) when asked.',
    supportCheck:
      'The browser or OS ended the ceremony with NotAllowedError or AbortError (cancelled, timed out, or no matching passkey chosen), or the provider already holds a passkey for this backup (details.reason already-enrolled, from excludeCredentials). details.stage: create or get. Nothing was changed.',
  },
  PASSKEY_NOT_FOUND: {
    summary: 'There is no passkey for this backup on this device.',
    userAction: 'Use a device that has the passkey (your phone works too), or unlock with your recovery key.',
    supportCheck:
      "details.reason: no-slots (the backup has no passkey slot), rp-id (its passkeys belong to another RP ID than this app's; details.slots) or no-slot (the slot was removed since).",
  },
  PASSKEY_ORIGIN_REFUSED: {
    summary: 'The browser refused to use passkeys on this page.',
    userAction: 'Open Companion from its own address (localhost in the browser), then try again.',
    supportCheck:
      'A SecurityError from navigator.credentials: the page origin does not match the RP ID (an IP address instead of localhost, or a custom scheme).',
  },
  PASSKEY_CEREMONY_FAILED: {
    summary: 'The passkey request failed.',
    userAction: 'Try again. If it keeps failing, use another passkey or your recovery key.',
    supportCheck:
      'A WebAuthn failure the browser did not explain (not NotAllowedError or SecurityError); the journal has the ceremony with its environment.',
  },
  PASSKEY_PRF_UNSUPPORTED: {
    summary: 'This passkey provider cannot protect backups: it does not support the PRF extension.',
    userAction:
      'Choose another passkey provider (for example iCloud Keychain, Google Password Manager, Windows Hello or a recent security key), or use your recovery key.',
    supportCheck: 'create() returned prf.enabled false or no PRF output; details.stage (create or get). Nothing was enrolled.',
  },
  PASSKEY_VERIFICATION_FAILED: {
    summary: "The passkey response did not pass Companion's checks, so it was not used.",
    userAction: 'Try again. If it keeps failing, use your recovery key and contact support.',
    supportCheck:
      'details.check says which: challenge, origin, rp-id, type, signature, credential (not a credential main asked for), user-presence, attestation or format. Another page, a replayed response or a broken client.',
  },
  PASSKEY_USER_NOT_VERIFIED: {
    summary: 'The passkey did not confirm it was you (no fingerprint, face, PIN or device password).',
    userAction: 'Try again and unlock your passkey with your fingerprint, face, PIN or device password.',
    supportCheck: 'The authenticatorData UV flag was not set; Companion requires user verification for every backup key operation.',
  },
  PASSKEY_CEREMONY_EXPIRED: {
    summary: 'The passkey request expired before it was answered.',
    userAction: 'Start again: each passkey request is valid for five minutes and can be used once.',
    supportCheck:
      'details.reason: unknown (already used, or issued by another run), expired, purpose (issued for another call), location or repository (issued for another backup), keyring-changed (the slot changed meanwhile).',
  },
  PASSKEY_LAST_UNLOCK_METHOD: {
    summary: 'This passkey is the last way to unlock the backup, so it cannot be removed.',
    userAction: 'Add another passkey or create a new recovery key first, then remove this one.',
    supportCheck: 'No other authentic slot would remain in keys/ (details.slotId).',
  },
  BACKUP_OBJECT_CORRUPT: {
    summary: 'Part of the backup is damaged.',
    userAction: 'Run a backup check. If the storage has a version history, restore the damaged file from it.',
    supportCheck:
      'An object failed authentication or has a malformed frame; details.reason and details.message say where. Storage or sync damage, or tampering.',
  },
  BACKUP_OBJECT_TRUNCATED: {
    summary: 'Part of the backup is incomplete.',
    userAction: 'If the backup is in a synced folder, wait until syncing has finished and try again.',
    supportCheck:
      'An object ended before its final message (interrupted upload or sync still running); details.reason says where it stopped.',
  },
  BACKUP_OBJECT_MISMATCH: {
    summary: 'A file in the backup is not the one it claims to be.',
    userAction: 'Run a backup check. Do not rename or copy files inside the backup folder.',
    supportCheck:
      'The kind, repository id or object id in the header differs from the one requested (moved, swapped or replayed object); details.field names it. field "etag": a bucket object changed while a dropped read was being resumed.',
  },
  BACKUP_KEYRING_TAMPERED: {
    summary: 'A key slot of this backup has been changed outside Companion.',
    userAction: 'Unlock with another passkey or your recovery key, then remove and re-add the affected passkey.',
    supportCheck:
      'A slot in keys/ fails its binding (AD or keyring MAC), is malformed or belongs to another repository; details.slotId and details.reason.',
  },
  BACKUP_FORMAT_UNSUPPORTED: {
    summary: 'This backup was written in a format this version of Companion does not know.',
    userAction: 'Install the latest Companion. The backup has not been changed.',
    supportCheck: 'details.field (version, suite, messageSize, slotVersion) and details.found / details.supported.',
  },
  BACKUP_KEY_FILE_INSECURE: {
    summary: "This computer's copy of the backup key can be read by other accounts, so Companion refused to use it.",
    userAction: 'Unlock the backup with a passkey or your recovery key; Companion will store the key again safely.',
    supportCheck:
      'The profile backup-key file has group/other permission bits, is a symlink or belongs to another user; details.reason and details.mode.',
  },
  BACKUP_KEY_FILE_INVALID: {
    summary: "This computer's copy of the backup key is damaged.",
    userAction: 'Unlock the backup with a passkey or your recovery key; Companion will store the key again.',
    supportCheck: 'The profile backup-key file has the wrong magic, version or size; details.reason.',
  },
  BACKUP_KEY_MISMATCH: {
    summary: 'The backup key this computer remembers belongs to another backup.',
    userAction: 'Unlock this backup with a passkey or its recovery key.',
    supportCheck: 'The cached BK derives another key id than config names: the destination now holds another repository.',
  },
  BACKUP_NOT_A_REPOSITORY: {
    summary: 'This location does not contain a Companion backup.',
    userAction:
      'Choose the folder that holds your backup (it contains a file named "config"). If setting up a backup was interrupted here, set it up again.',
    supportCheck: 'config is missing, empty, not JSON, not format "companion-backup" or has invalid fields; details.reason.',
  },
  BACKUP_REPOSITORY_EXISTS: {
    summary: 'There is already a backup at this location.',
    userAction: 'Open the existing backup instead, or choose an empty folder for a new one.',
    supportCheck: 'Creating a repository found a config or backup data (details.reason); nothing was overwritten.',
  },
  BACKUP_REPOSITORY_BUSY: {
    summary: 'The backup is in use by another Companion.',
    userAction:
      'Wait until the other operation has finished, then try again. If that computer crashed, its lock expires within 30 minutes.',
    supportCheck:
      'A live lock in locks/ conflicts (exclusive with anything, shared with exclusive); details.operation, .mode, .started, .heartbeat. An unreadable lock counts until 30 minutes after it was written.',
  },
  BACKUP_LAST_RECOVERY_SLOT: {
    summary: 'The only recovery key of a backup cannot be removed.',
    userAction: 'Create a new recovery key first, then remove the old one.',
    supportCheck: 'Removing the slot would leave keys/ without an authentic recovery slot, which the format forbids.',
  },
  BACKUP_DESTINATION_UNAVAILABLE: {
    summary: 'The backup location cannot be reached.',
    userAction: 'Connect the backup drive or network folder, or choose another location, then try again.',
    supportCheck:
      'The destination folder is missing or not a folder (drive not mounted, folder moved), unreadable, or the storage failed underneath (EIO, stale mount); details.errno, details.operation. On S3: an answer Companion could not classify (details.s3Code, details.status) or a write whose HEAD did not confirm it (details.reason not-confirmed).',
  },
  BACKUP_DESTINATION_UNWRITABLE: {
    summary: 'Companion is not allowed to write to the backup location.',
    userAction: 'Check that the drive is not read-only and that your account may write to the folder, or choose another location.',
    supportCheck:
      'EACCES, EPERM or EROFS while writing; details.errno, details.operation. No partial object was left under its final name.',
  },
  BACKUP_DESTINATION_FULL: {
    summary: 'The backup location is full.',
    userAction: 'Free some space on the backup drive (or raise its quota), or choose another location. Earlier backups are intact.',
    supportCheck:
      'ENOSPC or EDQUOT while writing an object (on S3: QuotaExceeded, XMinioStorageFull, HTTP 507; details.s3Code); its temporary file or multipart upload was removed and no snapshot refers to unfinished data.',
  },
  BACKUP_OBJECT_MISSING: {
    summary: 'A file that the backup needs is missing.',
    userAction: 'If the backup is in a synced folder, wait until syncing has finished and try again. Otherwise run a backup check.',
    supportCheck: 'details.object names the absent object (ids only): deleted, not synced yet, or the folder was copied incompletely.',
  },
  BACKUP_OBJECT_EXISTS: {
    summary: 'Companion refused to overwrite a file in the backup.',
    userAction: 'Try again. If it happens again, run a backup check and contact support.',
    supportCheck:
      'A create-if-absent write found its name taken (details.object). Ids are random and never reused: two writers, or a copied folder.',
  },
  S3_DNS_FAILED: {
    summary: 'The storage server’s name could not be found.',
    userAction: 'Check the endpoint address for typos and that this computer is online, then try again.',
    supportCheck: 'DNS lookup of the endpoint (or bucket.endpoint, virtual-hosted style) failed: ENOTFOUND or EAI_AGAIN; details.host.',
  },
  S3_SERVER_UNREACHABLE: {
    summary: 'The storage server does not answer.',
    userAction: 'Check the endpoint address and port, your network and any firewall, then try again. Earlier backups are intact.',
    supportCheck:
      'The TCP connection failed or dropped after the retries: ECONNREFUSED (nothing listens on the port), ETIMEDOUT, EHOSTUNREACH, ECONNRESET, or 5xx answers; details.errno or details.status, details.operation.',
  },
  S3_TLS_FAILED: {
    summary: 'A secure connection to the storage server could not be made.',
    userAction: 'Check that the endpoint uses the right scheme (https:// or http://) and port, and that its certificate is valid.',
    supportCheck:
      'The TLS handshake failed: a plain-HTTP port behind an https:// endpoint (EPROTO, wrong version number), a self-signed or expired certificate, or a host name mismatch; details.errno.',
  },
  S3_CREDENTIALS_REJECTED: {
    summary: 'The storage service did not accept the access key.',
    userAction: 'Check the access key id and the secret access key (and that the key is still active), then try again.',
    supportCheck:
      'InvalidAccessKeyId, SignatureDoesNotMatch, ExpiredToken or InvalidToken from the server, or a wrong region in the signature (AuthorizationHeaderMalformed); details.s3Code. The secret is never logged.',
  },
  S3_BUCKET_MISSING: {
    summary: 'The bucket does not exist on this storage service.',
    userAction: 'Check the bucket name and the endpoint (and region), or create the bucket first.',
    supportCheck: 'NoSuchBucket from the server; details.bucket. Companion never creates buckets.',
  },
  S3_WRITE_DENIED: {
    summary: 'This access key may not write to the bucket.',
    userAction: 'Give the key permission to write and delete objects under the prefix (s3:PutObject, s3:DeleteObject), then try again.',
    supportCheck: 'AccessDenied (403) on a PUT, multipart upload or DELETE while reads work; details.operation, details.s3Code.',
  },
  S3_READ_DENIED: {
    summary: 'This access key may not read or list the bucket.',
    userAction: 'Give the key permission to list the bucket and read objects under the prefix (s3:ListBucket, s3:GetObject).',
    supportCheck: 'AccessDenied (403) on a list, HEAD or GET; details.operation, details.s3Code.',
  },
  S3_SECRET_NOT_SAVED: {
    summary: 'The secret access key for this bucket is not saved on this computer.',
    userAction: 'Enter the secret access key again (in the CLI: set AWS_SECRET_ACCESS_KEY).',
    supportCheck:
      'An s3 location came without secretAccessKey, and the profile keystore holds none for the same endpoint, bucket and access key id (details.reason: none or other-location).',
  },
  BACKUP_NOT_CONFIGURED: {
    summary: 'Backups are not set up for this profile yet.',
    userAction: 'Choose a backup folder and turn backups on first.',
    supportCheck: 'The profile settings name no repository (run `init` or set one up in Settings).',
  },
  BACKUP_KEY_NOT_AVAILABLE: {
    summary: 'This computer does not have the key for these backups.',
    userAction: 'Unlock the backup with your recovery key (or passkey) instead.',
    supportCheck: 'No cached backup key in the profile keystore: a new computer, or the keystore was reset.',
  },
  BACKUP_NO_SNAPSHOTS: {
    summary: 'This backup folder holds no finished backup yet.',
    userAction: 'Check that you chose the right folder, and that a synced folder has finished syncing.',
    supportCheck: 'snapshots/ is empty: no backup ever committed, or the sync client has not delivered it yet.',
  },
  BACKUP_SNAPSHOT_NOT_FOUND: {
    summary: 'That backup is not in the backup folder.',
    userAction: 'Pick one of the backups listed for this folder.',
    supportCheck: 'details.snapshotId is not in snapshots/ (pruned, or another repository).',
  },
  BACKUP_ALREADY_RUNNING: {
    summary: 'A backup or a restore is already running on this computer.',
    userAction: 'Wait for it to finish (its progress is in Settings → Chat backup), then try again.',
    supportCheck: 'details.running is what runs (backup or restore), details.requested what was refused; the scheduler retries on its own.',
  },
  BACKUP_FOLDER_PICKER_UNAVAILABLE: {
    summary: 'Choosing a folder from a window works only in the desktop app.',
    userAction: 'Type the backup folder’s full path instead.',
    supportCheck:
      'pickBackupFolder was called on a host without a native dialog (the browser host); the renderer should only offer it when canPickFiles is true.',
  },
  BACKUP_SESSION_EXPIRED: {
    summary: 'The unlocked backup was locked again after a few minutes without use.',
    userAction: 'Unlock it again with your passkey or recovery key.',
    supportCheck: 'unlockBackup sessions close after 10 idle minutes, after a restore, and when the app quits.',
  },
  RESTORE_CHECK_FAILED: {
    summary: 'The restored messages did not pass the final check, so your current messages were kept.',
    userAction: 'Try an older backup, and contact support with a diagnostics export.',
    supportCheck: 'details.check says which: integrity (PRAGMA integrity_check), counts (rows vs manifest) or sha256.',
  },
} as const satisfies Record<string, CatalogueEntry>;

export type ErrorCode = keyof typeof errorCatalogue;

export const errorCodes = Object.keys(errorCatalogue) as ErrorCode[];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(errorCatalogue, value);
}

/** Details are small scalars only: never a payload, a path to content, or a secret. */
export type ErrorDetails = Readonly<Record<string, string | number | boolean>>;

export interface ErrorData {
  readonly code: ErrorCode;
  readonly message: string;
  readonly details?: ErrorDetails;
}

/** An error with a stable code. Throw it anywhere below the transports; they turn it into data. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails | undefined;

  constructor(code: ErrorCode, message?: string, details?: ErrorDetails, options?: { cause?: unknown }) {
    super(message ?? errorCatalogue[code].summary, options);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  toData(): ErrorData {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorData };
