// Each host's WebAuthn relying party, and the per-repository user handle.
import { describe, expect, it } from 'vitest';
import { relyingPartyOf, userHandleOf } from '../../../src-main/passkeys/relying-party.ts';
import { startTestHost } from '../../helpers/web-host.ts';

describe('relyingPartyOf', () => {
  it('the browser host: RP ID localhost and the exact origin of the address it prints', async () => {
    const host = await startTestHost();
    expect(relyingPartyOf(host.context.host)).toEqual({ rpId: 'localhost', origin: new URL(host.url).origin });
    expect(new URL(host.url).origin).toBe(`http://localhost:${host.port}`);
  });

  it('a host that names no relying party cannot run passkey calls', () => {
    expect(() => relyingPartyOf({ kind: 'web', version: 'x' })).toThrow(expect.objectContaining({ code: 'INTERNAL_ERROR' }));
  });
});

describe('userHandleOf', () => {
  it('is stable for one BK, different for another, and is not BK', () => {
    const bk = Buffer.alloc(32, 1);
    const handle = userHandleOf(bk);
    expect(userHandleOf(Buffer.alloc(32, 1))).toBe(handle);
    expect(userHandleOf(Buffer.alloc(32, 2))).not.toBe(handle);
    expect(Buffer.from(handle, 'base64url')).toHaveLength(32);
    expect(Buffer.from(handle, 'base64url').equals(bk)).toBe(false);
  });

  it('matches the vector in docs/passkeys.md (computed with Python hmac/hashlib)', () => {
    const bk = Buffer.from(Array.from({ length: 32 }, (_, i) => i));
    expect(userHandleOf(bk)).toBe('ze-G1Oi6BnF2PbdXqk2BuLmkIzSNnZ5kcdDpkTr5qYE');
  });
});
