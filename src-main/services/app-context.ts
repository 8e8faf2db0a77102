// Everything a handler needs, for one profile. Built the same way by every host
// (Electron, browser host, CLI, tests), which is what keeps the Electron shell thin.
import { UnlockSessions } from '../backup/unlock-sessions.ts';
import { BackupActivity } from './backup-activity.ts';
import type { OsSecretSealer } from '../crypto/keystore.ts';
import { PasskeyCeremonies } from '../passkeys/ceremonies.ts';
import type { NativePasskeyBridge } from '../passkeys/native-bridge.ts';
import { ensureProfile, type ProfilePaths } from '../store/profile.ts';
import { StoreHolder } from '../store/store-holder.ts';
import { EventBus } from './event-bus.ts';
import { Operations } from './operations.ts';

export interface HostServices {
  readonly kind: 'electron' | 'web';
  readonly version: string;
  /** Desktop only: the native file picker; resolves to null when the person cancels. */
  readonly pickImportFile?: () => Promise<string | null>;
  /** Desktop only: the native folder picker for the backup folder; null when the person cancels. */
  readonly pickBackupFolder?: () => Promise<string | null>;
  /** Desktop only: the OS keystore (safeStorage). Elsewhere BK is cached in a 0600 key file, with a warning. */
  readonly keystore?: OsSecretSealer;
  /** The WebAuthn RP ID of this host's passkeys (Electron: the app domain; browser host: localhost). */
  readonly rpId?: string;
  /** The one origin the renderer runs at, which every WebAuthn response must name. */
  readonly origin?: string;
  /** macOS desktop only: WebAuthn ceremonies through AuthenticationServices (ceremony-path.ts decides). */
  readonly nativePasskeys?: NativePasskeyBridge;
}

export interface AppContext {
  readonly paths: ProfilePaths;
  /** The message store; ask it for `.db` on every use, since a restore replaces the connection. */
  readonly store: StoreHolder;
  readonly events: EventBus;
  readonly operations: Operations;
  /** One backup or restore at a time, from the person or the scheduler. */
  readonly activity: BackupActivity;
  /** Backups unlocked for a restore, by session id. */
  readonly sessions: UnlockSessions;
  /** WebAuthn ceremonies main issued and has not seen answered yet. */
  readonly ceremonies: PasskeyCeremonies;
  readonly host: HostServices;
}

export function createAppContext(profileDir: string, host: HostServices): AppContext {
  const paths = ensureProfile(profileDir);
  return {
    paths,
    store: new StoreHolder(paths.database),
    events: new EventBus(),
    operations: new Operations(),
    activity: new BackupActivity(),
    sessions: new UnlockSessions(),
    ceremonies: new PasskeyCeremonies(),
    host,
  };
}

export function closeAppContext(context: AppContext): void {
  context.operations.cancelAll();
  context.sessions.closeAll();
  context.ceremonies.clear();
  context.store.close();
}
