import { afterEach, describe, expect, it, vi } from 'vitest';
import { idToHex, newId } from '../../../src-main/crypto/ids.ts';
import { deriveKeyId } from '../../../src-main/crypto/kdf.ts';
import {
  assertKeyId,
  assertKeyringAuthentic,
  createSlot,
  deriveRecoveryKek,
  parseSlot,
  unlockWithPasskeySecret,
  unlockWithRecoveryKey,
  unwrapBackupKey,
  wrapBackupKey,
} from '../../../src-main/crypto/keyring.ts';
import type { KeySlot, PasskeySlotHeader, RecoverySlotHeader, SlotHeader } from '../../../src-main/crypto/keyring.ts';
import { formatRecoveryKey, generateRecoveryKey } from '../../../src-main/crypto/recovery-key.ts';
import { randomBytes, sodium } from '../../../src-main/crypto/sodium.ts';
import { expectAppError } from './crypto-test-helpers.ts';

const repositoryId = idToHex(newId());
const bk = randomBytes(32);
const created = '2025-06-01T12:00:00.000Z';

function recoveryHeader(label = 'Recovery key'): RecoverySlotHeader {
  return { kind: 'recovery', slotId: idToHex(newId()), repositoryId, label, created };
}

function passkeyHeader(): PasskeySlotHeader {
  return {
    kind: 'passkey',
    slotId: idToHex(newId()),
    repositoryId,
    label: 'iCloud Keychain',
    created,
    rpId: 'backup.example.com',
    credentialId: randomBytes(32).toString('base64url'),
    publicKey: randomBytes(77).toString('base64url'),
    transports: ['hybrid', 'internal'],
    aaguid: 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd',
    backupEligible: true,
    backedUp: true,
    prfSalt: randomBytes(32).toString('base64url'),
  };
}

function parse(file: Buffer, header: SlotHeader): KeySlot {
  return parseSlot(file, { slotId: header.slotId, repositoryId });
}

/** Rewrites the clear header JSON, keeping it canonical (values change, key order stays). */
function editHeader(file: Buffer, edit: (json: Record<string, unknown>) => void): Buffer {
  const length = file.readUInt16LE(6);
  const json = JSON.parse(file.subarray(8, 8 + length).toString('utf8')) as Record<string, unknown>;
  edit(json);
  return replaceHeaderBytes(file, Buffer.from(JSON.stringify(json)));
}

function replaceHeaderBytes(file: Buffer, headerBytes: Buffer): Buffer {
  const length = file.readUInt16LE(6);
  const prefix = Buffer.from(file.subarray(0, 8));
  prefix.writeUInt16LE(headerBytes.length, 6);
  return Buffer.concat([prefix, headerBytes, file.subarray(8 + length)]);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('recovery slots', () => {
  const rk = generateRecoveryKey();
  const text = formatRecoveryKey(rk);
  const header = recoveryHeader();
  const file = createSlot(bk, rk, header);

  it('unlock BK with the recovery key as typed', () => {
    const result = unlockWithRecoveryKey([parse(file, header)], text.toLowerCase());
    expect(result.bk.equals(bk)).toBe(true);
    expect(result.slotId).toBe(header.slotId);
  });

  it('finds the recovery slot among passkey slots and other recovery slots', () => {
    const pk = passkeyHeader();
    const other = recoveryHeader('Old recovery key');
    const slots = [
      parse(createSlot(bk, randomBytes(32), pk), pk),
      parse(createSlot(bk, generateRecoveryKey(), other), other),
      parse(file, header),
    ];
    expect(unlockWithRecoveryKey(slots, text).slotId).toBe(header.slotId);
  });

  it('a well-formed key that opens no slot is RECOVERY_KEY_WRONG', () => {
    expectAppError(() => unlockWithRecoveryKey([parse(file, header)], formatRecoveryKey(generateRecoveryKey())), 'RECOVERY_KEY_WRONG', {
      slots: 1,
    });
    expectAppError(() => unlockWithRecoveryKey([], text), 'RECOVERY_KEY_WRONG', { slots: 0 });
  });

  it('a typo is reported before any key is derived or any slot is tried', () => {
    const decrypt = vi.spyOn(sodium, 'crypto_aead_xchacha20poly1305_ietf_decrypt');
    const compare = vi.spyOn(sodium, 'sodium_memcmp');
    const typo = text.slice(0, -1) + (text.endsWith('0') ? '1' : '0');
    expectAppError(() => unlockWithRecoveryKey([parse(file, header)], typo), 'RECOVERY_KEY_TYPO', { problem: 'check' });
    expect(decrypt).not.toHaveBeenCalled();
    expect(compare).not.toHaveBeenCalled();
    // The spies do observe the real path: a correct key goes through both.
    unlockWithRecoveryKey([parse(file, header)], text);
    expect(decrypt).toHaveBeenCalledTimes(1);
    expect(compare).toHaveBeenCalled();
  });

  it('unwrapBackupKey with another KEK is a wrong key, not tampering', () => {
    const secrets = deriveRecoveryKek(generateRecoveryKey(), Buffer.from(header.slotId, 'hex'));
    expectAppError(() => unwrapBackupKey(parse(file, header), secrets), 'RECOVERY_KEY_WRONG');
  });
});

describe('passkey slots', () => {
  const prf = randomBytes(32);
  const header = passkeyHeader();
  const file = createSlot(bk, prf, header);

  it('unlock BK with the PRF output', () => {
    expect(unlockWithPasskeySecret(parse(file, header), prf).bk.equals(bk)).toBe(true);
  });

  it('another PRF output is reported as the passkey producing another secret', () => {
    expectAppError(() => unlockWithPasskeySecret(parse(file, header), randomBytes(32)), 'PASSKEY_SECRET_MISMATCH', {
      slotId: header.slotId,
    });
  });

  it('the recovery key of the same bytes does not open a passkey slot (domain separation)', () => {
    expectAppError(() => unlockWithRecoveryKey([parse(file, header)], formatRecoveryKey(prf)), 'RECOVERY_KEY_WRONG', { slots: 0 });
  });

  it('refuses to write an invalid header', () => {
    expect(() => createSlot(bk, prf, { ...header, prfSalt: 'short' })).toThrow(TypeError);
    expect(() => wrapBackupKey(bk, deriveRecoveryKek(prf, newId()), { ...header, label: '' })).toThrow(TypeError);
  });
});

describe('tampering with a slot', () => {
  const prf = randomBytes(32);
  const pk = passkeyHeader();
  const pkFile = createSlot(bk, prf, pk);
  const rk = generateRecoveryKey();
  const rec = recoveryHeader();
  const recFile = createSlot(bk, rk, rec);

  const passkeyEdits: Record<string, (json: Record<string, unknown>) => void> = {
    label: (json) => (json['label'] = 'Personal phone'),
    created: (json) => (json['created'] = '2024-01-01T00:00:00.000Z'),
    rpId: (json) => (json['rpId'] = 'evil.example.com'),
    credentialId: (json) => (json['credentialId'] = randomBytes(32).toString('base64url')),
    publicKey: (json) => (json['publicKey'] = randomBytes(77).toString('base64url')),
    transports: (json) => (json['transports'] = ['usb']),
    aaguid: (json) => (json['aaguid'] = '00000000-0000-0000-0000-000000000000'),
    backupEligible: (json) => (json['backupEligible'] = false),
    backedUp: (json) => (json['backedUp'] = false),
    prfSalt: (json) => (json['prfSalt'] = randomBytes(32).toString('base64url')),
  };
  for (const [field, edit] of Object.entries(passkeyEdits)) {
    it(`an edited ${field} is BACKUP_KEYRING_TAMPERED`, () => {
      expectAppError(() => unlockWithPasskeySecret(parse(editHeader(pkFile, edit), pk), prf), 'BACKUP_KEYRING_TAMPERED', {
        slotId: pk.slotId,
        reason: 'binding',
      });
    });
  }

  it('an edited recovery label or date is BACKUP_KEYRING_TAMPERED', () => {
    for (const edit of [
      (json: Record<string, unknown>) => (json['label'] = 'Mine'),
      (json: Record<string, unknown>) => (json['created'] = created.replace('12', '13')),
    ]) {
      expectAppError(
        () => unlockWithRecoveryKey([parse(editHeader(recFile, edit), rec)], formatRecoveryKey(rk)),
        'BACKUP_KEYRING_TAMPERED',
        { reason: 'binding' },
      );
    }
  });

  it('a recovery slot relabelled as a passkey slot is BACKUP_KEYRING_TAMPERED, not a wrong key', () => {
    const { kind: _kind, slotId: _slotId, repositoryId: _repositoryId, label: _label, created: _created, ...passkeyFields } = pk;
    const relabelled = editHeader(recFile, (json) => {
      json['kind'] = 'passkey';
      Object.assign(json, passkeyFields);
    });
    expectAppError(() => unlockWithRecoveryKey([parse(relabelled, rec)], formatRecoveryKey(rk)), 'BACKUP_KEYRING_TAMPERED', {
      reason: 'kind',
    });
  });

  it('a repository id edited to match another repository is BACKUP_KEYRING_TAMPERED', () => {
    const otherRepository = idToHex(newId());
    const moved = editHeader(recFile, (json) => (json['repositoryId'] = otherRepository));
    expectAppError(() => parseSlot(moved, { slotId: rec.slotId, repositoryId }), 'BACKUP_KEYRING_TAMPERED', { reason: 'repository' });
    const slot = parseSlot(moved, { slotId: rec.slotId, repositoryId: otherRepository });
    expectAppError(() => unlockWithRecoveryKey([slot], formatRecoveryKey(rk)), 'BACKUP_KEYRING_TAMPERED', { reason: 'binding' });
  });

  it('a slot stored under another file name is BACKUP_KEYRING_TAMPERED', () => {
    expectAppError(() => parseSlot(recFile, { slotId: idToHex(newId()), repositoryId }), 'BACKUP_KEYRING_TAMPERED', { reason: 'slot-id' });
  });

  it('a header that is not canonical JSON is BACKUP_KEYRING_TAMPERED before any unwrap', () => {
    const json = pkFile.subarray(8, 8 + pkFile.readUInt16LE(6)).toString('utf8');
    const variants: Record<string, string> = {
      'header-noncanonical': json.replace('{"kind"', '{ "kind"'),
      'header-fields': json.replace('"backedUp":true', '"backedUp":true,"extra":1'),
      'header-json': json.slice(0, -1),
    };
    for (const [reason, text] of Object.entries(variants)) {
      expectAppError(() => parse(replaceHeaderBytes(pkFile, Buffer.from(text)), pk), 'BACKUP_KEYRING_TAMPERED', { reason });
    }
    const duplicate = json.replace('"label":"iCloud Keychain"', '"label":"Mine","label":"iCloud Keychain"');
    expectAppError(() => parse(replaceHeaderBytes(pkFile, Buffer.from(duplicate)), pk), 'BACKUP_KEYRING_TAMPERED', {
      reason: 'header-noncanonical',
    });
    const unknownKind = json.replace('"kind":"passkey"', '"kind":"hardware"');
    expectAppError(() => parse(replaceHeaderBytes(pkFile, Buffer.from(unknownKind)), pk), 'BACKUP_KEYRING_TAMPERED', {
      reason: 'header-fields',
    });
  });

  it('each binary field is checked with its own outcome', () => {
    const h = pkFile.readUInt16LE(6);
    const at = { nonce: 8 + h, check: 8 + h + 24, wrapped: 8 + h + 56, mac: 8 + h + 104 };
    const flip = (offset: number): Buffer => {
      const copy = Buffer.from(pkFile);
      copy[offset] = (copy[offset] ?? 0) ^ 1;
      return copy;
    };
    expectAppError(() => parse(flip(0), pk), 'BACKUP_KEYRING_TAMPERED', { reason: 'magic' });
    expectAppError(() => parse(flip(4), pk), 'BACKUP_FORMAT_UNSUPPORTED', { field: 'slotVersion', found: 0 });
    expectAppError(() => parse(flip(5), pk), 'BACKUP_FORMAT_UNSUPPORTED', { field: 'suite' });
    expectAppError(() => parse(flip(6), pk), 'BACKUP_KEYRING_TAMPERED', { reason: 'length' });
    expectAppError(() => parse(pkFile.subarray(0, pkFile.length - 1), pk), 'BACKUP_KEYRING_TAMPERED', { reason: 'length' });
    expectAppError(() => unlockWithPasskeySecret(parse(flip(at.nonce), pk), prf), 'BACKUP_KEYRING_TAMPERED', { reason: 'binding' });
    expectAppError(() => unlockWithPasskeySecret(parse(flip(at.wrapped + 5), pk), prf), 'BACKUP_KEYRING_TAMPERED', { reason: 'binding' });
    expectAppError(() => unlockWithPasskeySecret(parse(flip(at.mac), pk), prf), 'BACKUP_KEYRING_TAMPERED', { reason: 'keyring-mac' });
    // The check value is what tells a wrong secret from an edited slot; editing it makes the slot
    // look like another secret's (docs/backup-format.md explains why this is the best possible).
    expectAppError(() => unlockWithPasskeySecret(parse(flip(at.check), pk), prf), 'PASSKEY_SECRET_MISMATCH');
  });
});

describe('keyring MAC', () => {
  it('accepts every slot written with this BK', () => {
    const headers = [recoveryHeader(), passkeyHeader(), passkeyHeader()];
    const slots = headers.map((header) => parse(createSlot(bk, randomBytes(32), header), header));
    expect(() => assertKeyringAuthentic(slots, bk)).not.toThrow();
  });

  it('refuses a slot slipped in by someone without BK, naming it', () => {
    const mine = recoveryHeader();
    const foreign = passkeyHeader();
    const slots = [
      parse(createSlot(bk, randomBytes(32), mine), mine),
      parse(createSlot(randomBytes(32), randomBytes(32), foreign), foreign),
    ];
    expectAppError(() => assertKeyringAuthentic(slots, bk), 'BACKUP_KEYRING_TAMPERED', { slotId: foreign.slotId, reason: 'keyring-mac' });
  });

  it('catches an edited slot that the unlocking secret cannot open', () => {
    const edited = passkeyHeader();
    const file = editHeader(createSlot(bk, randomBytes(32), edited), (json) => (json['backedUp'] = false));
    expectAppError(() => assertKeyringAuthentic([parse(file, edited)], bk), 'BACKUP_KEYRING_TAMPERED', { reason: 'keyring-mac' });
  });
});

describe('key id', () => {
  it('accepts the BK that config names and refuses another', () => {
    const keyId = deriveKeyId(bk).toString('hex');
    expect(() => assertKeyId(bk, keyId)).not.toThrow();
    expectAppError(() => assertKeyId(randomBytes(32), keyId), 'BACKUP_KEYRING_TAMPERED', { reason: 'key-id' });
  });
});
