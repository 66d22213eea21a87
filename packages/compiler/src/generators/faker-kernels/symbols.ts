import { makesCharacters } from './context.js';
import type { Kernel } from './pick.js';

/**
 * Templates whose placeholder characters become random characters: phone formats (`!##-!##-####`), postcodes
 * (`#####`, `??# #??`), building numbers. Each placeholder is an alphabet; a character repeated in an alphabet is
 * weighted (Faker's `*` is a letter or a digit with even odds, not one of 36). The template's character codes are
 * copied into one buffer per template and the string made in one call, so a cell allocates only its string.
 */
export function symbolTemplate(format: string, alphabetAt: (format: string, i: number) => string | undefined): Kernel {
  const codes: number[] = [];
  const slots: number[] = [];
  const alphabets: number[][] = [];
  for (let i = 0; i < format.length; i++) {
    const alphabet = alphabetAt(format, i);
    codes.push(format.charCodeAt(i));
    if (alphabet !== undefined) {
      slots.push(i);
      alphabets.push([...alphabet].map((c) => c.charCodeAt(0)));
    }
  }
  if (slots.length === 0) return makesCharacters(() => format);
  const buffer = codes.slice();
  const n = slots.length;
  return makesCharacters((rng) => {
    // One 32-bit draw gives several characters: divide it down while the rest still spans at least 2^16 values,
    // so no character is skewed by more than its alphabet size / 2^16.
    let r = 0;
    let range = 0;
    for (let s = 0; s < n; s++) {
      const alphabet = alphabets[s]!;
      const k = alphabet.length;
      if (range < 65536) {
        r = rng.uint32();
        range = 4294967296;
      }
      buffer[slots[s]!] = alphabet[r % k]!;
      r = Math.floor(r / k);
      range = Math.floor(range / k);
    }
    return String.fromCharCode.apply(null, buffer);
  });
}

const DIGITS = '0123456789';
const NONZERO = '123456789';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Faker's phone formats (`phone.number`): `#` any digit, `!` 2–9. */
export function phoneFormat(format: string): Kernel {
  return symbolTemplate(format, (f, i) => (f[i] === '#' ? DIGITS : f[i] === '!' ? '23456789' : undefined));
}

/** Faker's `helpers.replaceSymbols` (`location.zipCode`): `#` a digit, `?` a capital, `*` either with even odds. */
export function replaceSymbolsFormat(format: string): Kernel {
  // 26 letters × 5 and 10 digits × 13 are 130 each: half letters, half digits, as Faker's coin flip.
  const either = LETTERS.repeat(5) + DIGITS.repeat(13);
  return symbolTemplate(format, (f, i) => (f[i] === '#' ? DIGITS : f[i] === '?' ? LETTERS : f[i] === '*' ? either : undefined));
}

/** Faker's `/#+/g` → `string.numeric({ length, allowLeadingZeros: false })` (building numbers): no run starts with 0. */
export function numericRunsFormat(format: string): Kernel {
  return symbolTemplate(format, (f, i) => (f[i] !== '#' ? undefined : i > 0 && f[i - 1] === '#' ? DIGITS : NONZERO));
}
