// The test vectors of docs/backup-format.md: pinned here, recomputed from the code, and read back from
// the document, so neither the code nor the spec can drift without this test failing.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  chunkId,
  deriveCdcGearTable,
  deriveChunkIdKey,
  deriveKeyId,
  deriveKeyringMacKey,
  deriveObjectKey,
  derivePasskeyKek,
  deriveRecoveryKek,
} from '../../../src-main/crypto/kdf.ts';
import { parseSlot, unlockWithPasskeySecret, unlockWithRecoveryKey } from '../../../src-main/crypto/keyring.ts';
import { openObject } from '../../../src-main/crypto/object-stream.ts';
import { formatRecoveryKey } from '../../../src-main/crypto/recovery-key.ts';
import { sequence } from './crypto-test-helpers.ts';

const inputs = {
  bk: sequence(0x00, 32),
  rk: sequence(0x40, 32),
  prf: sequence(0x60, 32),
  'repository-id': sequence(0xa0, 16),
  'object-id': sequence(0xb0, 16),
  'slot-id': sequence(0xc0, 16),
  'passkey-slot-id': sequence(0xd0, 16),
};

const pinned: Record<string, string> = {
  'key-id': '1d0c206391b8c2bdc20412abb871d648',
  'object-key': '6a91a32e2ad631a1053db760eee9872364b4341a988a81a3edf76d8f88118a63',
  'chunk-id-key': '2fff22e97f863488590d5862e439d3d77938e2e4a5ac214d7311010f444ac36a',
  'chunk-id("")': 'c97a4ba50bedd7db7da8d3a9466fd4ed7575f6e553f20adca6e2f6a0d3537b14',
  'chunk-id("companion")': '6b0ce3cc7a50b154cd545b83055425c08f16ad5cf87f6f5b71db31c9fe869b6a',
  'keyring-mac-key': '448c637ce345fe65ca5fca0fd5e117ebea761b6f39464a8e0922dbe3bb922e38',
  'cdc-gear[0..3]': '530eea92 2dd4124e e349d1c1 c08b36e4',
  'cdc-gear[255]': 'fa6be997',
  'recovery-key': '810M-4GT4-8N34-EJ29-995M-RKAE-9X85-2MJK-AHAN-CNTR-B5D5-PQ2X-BSFG2',
  'kek/recovery': '59ec372a030909824cc9fa238ed0bd0108cd6e69bdf8a6f0e6d52828100c128c',
  'kek-check/recovery': '9ca4881d4ddc1ba3641c3a437ed34ff97a846291f3887b023c5d2842442418e8',
  'kek/passkey': '761859ec4f2d4eee307650d950192f469505dae603081d20fc052ef2a1f8e078',
  'kek-check/passkey': 'b20697d9608553554b4b9da6d56b5214dc8be2708a52d00f8a3071be6c90915a',
};

function computed(): Record<string, string> {
  const { bk, rk, prf } = inputs;
  const chunkKey = deriveChunkIdKey(bk);
  const gear = Array.from(deriveCdcGearTable(bk), (value) => value.toString(16).padStart(8, '0'));
  const recovery = deriveRecoveryKek(rk, inputs['slot-id']);
  const passkey = derivePasskeyKek(prf, inputs['slot-id']);
  return {
    'key-id': deriveKeyId(bk).toString('hex'),
    'object-key': deriveObjectKey(bk, inputs['object-id']).toString('hex'),
    'chunk-id-key': chunkKey.toString('hex'),
    'chunk-id("")': chunkId(chunkKey, Buffer.alloc(0)).toString('hex'),
    'chunk-id("companion")': chunkId(chunkKey, Buffer.from('companion')).toString('hex'),
    'keyring-mac-key': deriveKeyringMacKey(bk).toString('hex'),
    'cdc-gear[0..3]': gear.slice(0, 4).join(' '),
    'cdc-gear[255]': gear[255] ?? '',
    'recovery-key': formatRecoveryKey(rk),
    'kek/recovery': recovery.kek.toString('hex'),
    'kek-check/recovery': recovery.check.toString('hex'),
    'kek/passkey': passkey.kek.toString('hex'),
    'kek-check/passkey': passkey.check.toString('hex'),
  };
}

/** `name = value` lines between the test-vector markers; indented lines continue the previous value. */
function documentVectors(): Map<string, string> {
  const doc = readFileSync(new URL('../../../docs/backup-format.md', import.meta.url), 'utf8');
  const begin = doc.indexOf('<!-- test-vectors:begin -->');
  const end = doc.indexOf('<!-- test-vectors:end -->');
  expect(begin).toBeGreaterThan(0);
  expect(end).toBeGreaterThan(begin);
  const vectors = new Map<string, string>();
  let current: string | null = null;
  for (const line of doc.slice(begin, end).split('\n')) {
    const entry = /^(\S+) =(?: (.*))?$/.exec(line);
    if (entry?.[1] !== undefined) {
      current = entry[1];
      vectors.set(current, entry[2] ?? '');
    } else if (current !== null && /^ {2}\S/.test(line)) {
      vectors.set(current, (vectors.get(current) ?? '') + line.trim());
    } else {
      current = null;
    }
  }
  return vectors;
}

function documentBytes(vectors: Map<string, string>, name: string): Buffer {
  const hex = vectors.get(name);
  expect(hex, `${name} is in the document`).toMatch(/^([0-9a-f]{2})+$/);
  return Buffer.from(hex ?? '', 'hex');
}

describe('docs/backup-format.md test vectors', () => {
  const vectors = documentVectors();

  it('the code computes the pinned values', () => {
    expect(computed()).toEqual(pinned);
  });

  it('the document shows the pinned inputs and values', () => {
    for (const [name, bytes] of Object.entries(inputs)) expect(vectors.get(name), name).toBe(bytes.toString('hex'));
    for (const [name, value] of Object.entries(pinned)) expect(vectors.get(name), name).toBe(value);
  });

  it("the document's recovery slot unlocks with the document's recovery key", () => {
    const slot = parseSlot(documentBytes(vectors, 'recovery-slot'), {
      slotId: inputs['slot-id'].toString('hex'),
      repositoryId: inputs['repository-id'].toString('hex'),
    });
    expect(slot.check.toString('hex')).toBe(pinned['kek-check/recovery']);
    expect(unlockWithRecoveryKey([slot], vectors.get('recovery-key') ?? '').bk.equals(inputs.bk)).toBe(true);
  });

  it("the document's passkey slot unlocks with the document's PRF output", () => {
    const slot = parseSlot(documentBytes(vectors, 'passkey-slot'), {
      slotId: inputs['passkey-slot-id'].toString('hex'),
      repositoryId: inputs['repository-id'].toString('hex'),
    });
    expect(slot.header).toMatchObject({ kind: 'passkey', rpId: 'companion.example', label: 'Passkey' });
    expect(unlockWithPasskeySecret(slot, inputs.prf).bk.equals(inputs.bk)).toBe(true);
  });

  it("the document's snapshot object opens to its plaintext", () => {
    const plaintext = openObject(
      inputs.bk,
      { kind: 'snapshot', repositoryId: inputs['repository-id'], objectId: inputs['object-id'] },
      documentBytes(vectors, 'object'),
    );
    expect(plaintext.toString('utf8')).toBe('companion backup format v1\n');
  });
});
