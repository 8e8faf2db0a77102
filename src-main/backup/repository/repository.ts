// The backup repository (docs/backup-format.md): create, open, unlock; objects, keyring and locks.
export { initRepository, RECOVERY_SLOT_LABEL } from './init.ts';
export type { InitOptions, InitResult } from './init.ts';
export { LockedRepository, openRepository } from './open.ts';
export { UnlockedRepository } from './unlocked.ts';
export type { SlotListing, UnlockedWith } from './unlocked.ts';
export type { RepositoryConfig } from './config.ts';
export type { RejectedSlot } from './keyring-store.ts';
export type { LockMode, LockOptions, RepositoryLock } from './locks.ts';
export { newObjectId } from './objects.ts';
export type { ObjectKind } from './objects.ts';
