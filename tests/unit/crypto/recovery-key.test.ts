import { describe, expect, it } from 'vitest';
import {
  ALPHABET,
  checkHolds,
  checkSymbol,
  DATA_SYMBOLS,
  formatRecoveryKey,
  generateRecoveryKey,
  KEY_SYMBOLS,
  parseRecoveryKey,
} from '../../../src-main/crypto/recovery-key.ts';
import { expectAppError, sequence } from './crypto-test-helpers.ts';

const human = /^([0-9A-HJKMNP-TV-Z]{4}-){12}[0-9A-HJKMNP-TV-Z]{5}$/;
const compact = (key: string): string => key.replaceAll('-', '');
const withChar = (key: string, index: number, char: string): string => key.slice(0, index) + char + key.slice(index + 1);

/** Random symbol arrays satisfying the check equation (no padding constraint: the check alone is under test). */
function validSymbols(): Uint8Array {
  const symbols = new Uint8Array(KEY_SYMBOLS);
  for (let i = 0; i < DATA_SYMBOLS; i++) symbols[i] = Math.floor(Math.random() * 32);
  symbols[DATA_SYMBOLS] = checkSymbol(symbols);
  return symbols;
}

describe('recovery key form', () => {
  it('is 52 data characters and a check character in groups of four', () => {
    for (let i = 0; i < 50; i++) {
      const rk = generateRecoveryKey();
      const text = formatRecoveryKey(rk);
      expect(text).toMatch(human);
      expect(compact(text)).toHaveLength(KEY_SYMBOLS);
      expect(parseRecoveryKey(text).equals(rk)).toBe(true);
    }
  });

  it('encodes bytes as big-endian Crockford base32 with zero padding bits', () => {
    expect(formatRecoveryKey(Buffer.alloc(32))).toBe(`${'0000-'.repeat(12)}00000`);
    const ones = compact(formatRecoveryKey(Buffer.alloc(32, 0xff)));
    expect(ones.slice(0, 51)).toBe('Z'.repeat(51));
    expect(ones[51]).toBe('G'); // one data bit, four zero bits: 0b10000
  });

  it('generates different keys', () => {
    expect(generateRecoveryKey().equals(generateRecoveryKey())).toBe(false);
  });
});

describe('what a person types', () => {
  const rk = sequence(0x40, 32);
  const text = formatRecoveryKey(rk);

  it('tolerates case, spaces, missing or extra dashes and line breaks', () => {
    const variants = [
      text.toLowerCase(),
      compact(text),
      text.replaceAll('-', ' '),
      ` ${text.replaceAll('-', '  -  ')}\n`,
      compact(text).replace(/(.{13})/g, '$1\n'),
      text.replaceAll('-', '\u2013'),
    ];
    for (const variant of variants) expect(parseRecoveryKey(variant).equals(rk)).toBe(true);
  });

  it('reads O as 0 and I or L as 1, in either case', () => {
    const zeros = generateUntil((key) => key.includes('0') && key.includes('1'));
    for (const [digit, aliases] of [
      ['0', ['O', 'o']],
      ['1', ['I', 'i', 'L', 'l']],
    ] as const) {
      for (const alias of aliases) expect(parseRecoveryKey(zeros.text.replaceAll(digit, alias)).equals(zeros.rk)).toBe(true);
    }
  });

  it('names the position and group of a character that is not in the alphabet, U included', () => {
    const at = 17; // character 18, the second of group 5
    for (const bad of ['U', 'u', '*', 'é', '!']) {
      const error = expectAppError(() => parseRecoveryKey(withChar(compact(text), at, bad)), 'RECOVERY_KEY_TYPO', {
        problem: 'character',
        position: 18,
        group: 5,
      });
      expect(error.message).not.toContain(bad);
    }
  });

  it('reports a missing or extra character as a length problem', () => {
    expectAppError(() => parseRecoveryKey(compact(text).slice(1)), 'RECOVERY_KEY_TYPO', { problem: 'length', found: 52, expected: 53 });
    expectAppError(() => parseRecoveryKey(`${text}A`), 'RECOVERY_KEY_TYPO', { problem: 'length', found: 54, expected: 53 });
    expectAppError(() => parseRecoveryKey(''), 'RECOVERY_KEY_TYPO', { problem: 'length', found: 0 });
    expectAppError(() => parseRecoveryKey('A'.repeat(10_000)), 'RECOVERY_KEY_TYPO', { problem: 'length' });
  });

  it('reports nonzero padding bits as a check failure even when the check character matches', () => {
    const symbols = Array.from(compact(text), (char) => ALPHABET.indexOf(char));
    symbols[DATA_SYMBOLS - 1] = 1; // a padding bit set
    symbols[DATA_SYMBOLS] = checkSymbol(symbols);
    expectAppError(() => parseRecoveryKey(symbols.map((value) => ALPHABET[value]).join('')), 'RECOVERY_KEY_TYPO', { problem: 'check' });
  });

  it('never puts the key or any part of it in the error', () => {
    const typed = withChar(text, 0, text[0] === 'A' ? 'B' : 'A');
    const error = expectAppError(() => parseRecoveryKey(typed), 'RECOVERY_KEY_TYPO', { problem: 'check' });
    const report = JSON.stringify({ ...error.toData(), stack: error.stack });
    for (const group of typed.split('-')) expect(report).not.toContain(group);
  });
});

describe('the check character (exhaustive)', () => {
  it('catches every single substitution at every position, whatever the other symbols', () => {
    // The check is linear: a substitution is caught iff its error value is. One base word per
    // original symbol value covers every (position, original, replacement) triple.
    let tried = 0;
    for (let position = 0; position < KEY_SYMBOLS; position++) {
      for (let original = 0; original < 32; original++) {
        const symbols = validSymbols();
        if (position < DATA_SYMBOLS) {
          symbols[position] = original;
          symbols[DATA_SYMBOLS] = checkSymbol(symbols);
        }
        for (let replacement = 0; replacement < 32; replacement++) {
          if (replacement === symbols[position]) continue;
          const typo = Uint8Array.from(symbols);
          typo[position] = replacement;
          expect(checkHolds(typo)).toBe(false);
          tried += 1;
        }
      }
    }
    expect(tried).toBe(KEY_SYMBOLS * 32 * 31);
  });

  it('catches every transposition of two different adjacent symbols, the check character included', () => {
    let tried = 0;
    for (let position = 0; position + 1 < KEY_SYMBOLS; position++) {
      for (let a = 0; a < 32; a++) {
        for (let b = 0; b < 32; b++) {
          const symbols = validSymbols();
          symbols[position] = a;
          if (position + 1 < DATA_SYMBOLS) symbols[position + 1] = b;
          symbols[DATA_SYMBOLS] = checkSymbol(symbols); // for the last pair, b is whatever the check is
          const left = symbols[position] ?? 0;
          const right = symbols[position + 1] ?? 0;
          if (left === right) continue;
          const swapped = Uint8Array.from(symbols);
          swapped[position] = right;
          swapped[position + 1] = left;
          expect(checkHolds(swapped)).toBe(false);
          tried += 1;
        }
      }
    }
    expect(tried).toBeGreaterThan((KEY_SYMBOLS - 2) * 32 * 31);
  });

  it('through the parser: every single substitution and adjacent transposition of real keys is a typo', () => {
    for (let round = 0; round < 5; round++) {
      const key = compact(formatRecoveryKey(generateRecoveryKey()));
      for (let position = 0; position < KEY_SYMBOLS; position++) {
        for (const char of ALPHABET) {
          if (char === key[position]) continue;
          expectAppError(() => parseRecoveryKey(withChar(key, position, char)), 'RECOVERY_KEY_TYPO', { problem: 'check' });
        }
        const next = key[position + 1];
        if (next !== undefined && next !== key[position]) {
          const swapped = withChar(withChar(key, position, next), position + 1, key[position] ?? '');
          expectAppError(() => parseRecoveryKey(swapped), 'RECOVERY_KEY_TYPO', { problem: 'check' });
        }
      }
    }
  });
});

function generateUntil(accept: (text: string) => boolean): { rk: Buffer; text: string } {
  for (;;) {
    const rk = generateRecoveryKey();
    const text = formatRecoveryKey(rk);
    if (accept(text)) return { rk, text };
  }
}
