import { describe, expect, it } from 'vitest';
import { appOriginOf, defaultRpId, isAppUrl, isValidRpId, resolveRpId, rpIdEnvVar } from '../../../src-main/app/app-origin.ts';

describe('resolveRpId', () => {
  it('defaults to the production RP ID', () => {
    expect(resolveRpId({})).toBe(defaultRpId);
    expect(resolveRpId({ [rpIdEnvVar]: '' })).toBe(defaultRpId);
  });

  it('takes a development override from COMPANION_RP_ID', () => {
    expect(resolveRpId({ COMPANION_RP_ID: 'dev.companion.test' })).toBe('dev.companion.test');
  });

  it.each([
    'https://companion.example',
    'companion.example:443',
    'companion.example/',
    'Companion.Example',
    '127.0.0.1',
    'localhost',
    'a..b',
    '-a.b',
    'companion.example.',
  ])('refuses the malformed override %j instead of falling back', (value) => {
    expect(isValidRpId(value)).toBe(false);
    expect(() => resolveRpId({ COMPANION_RP_ID: value })).toThrow(rpIdEnvVar);
  });
});

describe('isAppUrl', () => {
  const origin = appOriginOf('companion.example');

  it('spells the origin as URL.origin does', () => {
    expect(origin).toBe(new URL('https://companion.example/any').origin);
  });

  it('matches only https on the exact host and default port', () => {
    expect(isAppUrl('https://companion.example/', origin)).toBe(true);
    expect(isAppUrl('https://COMPANION.example:443/x', origin)).toBe(true);
    expect(isAppUrl('https://companion.example.evil.com/', origin)).toBe(false);
    expect(isAppUrl('http://companion.example/', origin)).toBe(false);
    expect(isAppUrl('wss://companion.example/', origin)).toBe(false);
  });
});
