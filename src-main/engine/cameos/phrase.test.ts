import { describe, expect, it } from 'vitest';
import { verificationPhrase } from './phrase.js';

describe('verification phrase', () => {
  it('is six readable words, and fresh each time', () => {
    const phrases = Array.from({ length: 50 }, () => verificationPhrase());
    for (const phrase of phrases) expect(phrase).toMatch(/^[a-z]+( [a-z]+){5,6}$/);
    expect(new Set(phrases).size).toBeGreaterThan(45);
  });
});
