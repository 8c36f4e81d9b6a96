/**
 * The verification phrase a person reads aloud while recording a cameo: random words, so a recording made for
 * something else cannot be passed off as consent to this one. The studio asks the engine for it (`cameos.phrase`)
 * and sends it back with the recording; the consent record keeps it.
 */
import { randomInt } from 'node:crypto';

const ADJECTIVES = ['amber', 'bright', 'calm', 'copper', 'gentle', 'golden', 'hidden', 'lucky', 'misty', 'purple', 'quiet', 'silver', 'sunny', 'velvet', 'wild', 'young'];
const NOUNS = ['lanterns', 'rivers', 'foxes', 'kites', 'harbours', 'meadows', 'pianos', 'comets', 'orchards', 'sparrows', 'bridges', 'islands', 'candles', 'mountains', 'gardens', 'trains'];
const VERBS = ['drift over', 'wander past', 'glow above', 'dance across', 'rest beside', 'sail toward', 'circle around', 'hum along'];
const NUMBERS = ['two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'twelve'];

const pick = (words: readonly string[]) => words[randomInt(words.length)]!;

/** E.g. "purple lanterns drift over seven quiet meadows": about 16 × 16 × 8 × 10 × 16 × 16 ≈ 5 million phrases. */
export function verificationPhrase(): string {
  return `${pick(ADJECTIVES)} ${pick(NOUNS)} ${pick(VERBS)} ${pick(NUMBERS)} ${pick(ADJECTIVES)} ${pick(NOUNS)}`;
}
