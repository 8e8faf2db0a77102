// Passkey ceremonies in the journal: where they ran and what the authenticator said, and the code
// when one failed; never the PRF output.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTimeline } from '../../../src-main/diagnostics/journal-reader.ts';
import { ORIGIN, profileWithBackup } from './passkey-fixture.ts';
import { SoftwareAuthenticator } from './software-authenticator.ts';

describe('ceremonies in the journal', () => {
  it('records a ceremony the renderer gave up on, once, and only for a ceremony main issued', async () => {
    const profile = await profileWithBackup();
    const started = await profile.call('startPasskeyEnrollment', { label: 'Laptop' });
    const failure = {
      ceremonyId: started.ceremonyId,
      stage: 'create',
      code: 'PASSKEY_PRF_UNSUPPORTED',
      prfEnabled: false,
      transports: ['usb'],
    };
    expect(await profile.call('recordCeremonyFailure', failure)).toEqual({ recorded: true });
    expect(await profile.call('recordCeremonyFailure', failure)).toEqual({ recorded: false });
    const [recorded] = readTimeline(profile.context.paths.dir);
    expect(recorded).toMatchObject({
      kind: 'ceremony',
      outcome: 'failed',
      code: 'PASSKEY_PRF_UNSUPPORTED',
      env: { prfOffered: true, prfReturned: false, transports: ['usb'] },
      steps: [{ step: 'ceremony', outcome: 'failed', code: 'PASSKEY_PRF_UNSUPPORTED' }],
    });
    // The ceremony is gone: nothing can finish it any more.
    expect(() => profile.context.ceremonies.take(started.ceremonyId, 'enroll')).toThrow(
      expect.objectContaining({ code: 'PASSKEY_CEREMONY_EXPIRED' }) as Error,
    );
  });

  it('journals a passkey code it does not know (a newer renderer) as PASSKEY_CEREMONY_FAILED', async () => {
    const profile = await profileWithBackup();
    const { ceremonyId } = await profile.call('startPasskeyEnrollment', { label: 'Laptop' });
    await profile.call('recordCeremonyFailure', { ceremonyId, stage: 'get', code: 'PASSKEY_FROM_THE_FUTURE', prfEnabled: null });
    expect(readTimeline(profile.context.paths.dir)[0]).toMatchObject({ outcome: 'failed', code: 'PASSKEY_CEREMONY_FAILED' });
  });

  it('records an enrolment with the environment and the authenticator facts, and a failed test with its code', async () => {
    const profile = await profileWithBackup();
    const authenticator = new SoftwareAuthenticator({ origin: ORIGIN });
    const started = await profile.call('startPasskeyEnrollment', { label: 'Laptop' });
    const { registration, prf } = authenticator.create(started.creation);
    if (prf === undefined) throw new Error('the software authenticator returns PRF output at create');
    await profile.call('finishPasskeyEnrollment', { ceremonyId: started.ceremonyId, registration, prf });

    const unlock = await profile.call('startPasskeyUnlock', {});
    const { assertion } = authenticator.get(unlock.request);
    const wrong = { first: Buffer.alloc(32, 7).toString('base64url') };
    expect(await profile.fail('testPasskey', { ceremonyId: unlock.ceremonyId, assertion, prf: wrong })).toMatchObject({
      code: 'PASSKEY_SECRET_MISMATCH',
    });

    const [failed, enrolled] = readTimeline(profile.context.paths.dir).filter((op) => op.kind === 'ceremony');
    expect(enrolled).toMatchObject({
      outcome: 'ok',
      env: {
        os: process.platform,
        prfOffered: true,
        prfReturned: true,
        transports: ['hybrid', 'internal'],
        backupEligible: true,
        backedUp: true,
      },
      steps: [{ step: 'ceremony', outcome: 'ok' }],
    });
    expect(failed).toMatchObject({ outcome: 'failed', code: 'PASSKEY_SECRET_MISMATCH' });
    const dir = path.join(profile.context.paths.dir, 'journal');
    const journal = readdirSync(dir)
      .map((name) => readFileSync(path.join(dir, name), 'utf8'))
      .join('');
    expect(journal).not.toContain(prf.first);
    expect(journal).not.toContain(wrong.first);
  });
});
