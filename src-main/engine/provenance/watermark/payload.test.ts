import { describe, expect, it } from 'vitest';
import { PAYLOAD_BITS, crc16, decodePayload, decodeSoft, encodePayload } from './payload.js';

describe('watermark payload', () => {
  it('CRC-16/CCITT-FALSE matches the published check value', () => {
    expect(crc16(new TextEncoder().encode('123456789'))).toBe(0x29b1);
  });

  it('round-trips install id and export id through 64 bits', () => {
    for (const payload of [
      { installId: 0, exportId: 0 },
      { installId: 0xffffff, exportId: 0xffffff },
      { installId: 0x3f9a12, exportId: 0x00c0de },
    ]) {
      const bits = encodePayload(payload);
      expect(bits).toHaveLength(PAYLOAD_BITS);
      expect(decodePayload(bits)).toEqual(payload);
    }
  });

  it('rejects any single flipped bit (the CRC detects it)', () => {
    const bits = encodePayload({ installId: 0x123456, exportId: 0x654321 });
    for (let i = 0; i < PAYLOAD_BITS; i++) {
      const damaged = bits.slice();
      damaged[i] = 1 - damaged[i]!;
      expect(decodePayload(damaged)).toBeNull();
    }
  });

  it('refuses ids that do not fit in 24 bits', () => {
    expect(() => encodePayload({ installId: 0x1000000, exportId: 1 })).toThrow(/installId must be an integer from 0 to 16777215/);
    expect(() => encodePayload({ installId: 1, exportId: -1 })).toThrow(/exportId/);
  });

  it('soft decoding repairs errors among the least reliable bits, and reports how many it flipped', () => {
    const payload = { installId: 0xabcdef, exportId: 0x012345 };
    const soft: number[] = Array.from(encodePayload(payload), (bit) => (bit ? 3 : -3));
    // Three bits read wrong, but weakly: the decoder should find them by reliability.
    for (const i of [5, 30, 61]) soft[i] = -Math.sign(soft[i]!) * 0.2;
    expect(decodePayload(soft.map((v) => (v > 0 ? 1 : 0)))).toBeNull();
    expect(decodeSoft(soft, 4)).toEqual({ payload, flipped: 3 });
    // A strongly wrong bit is outside what it may flip: no payload rather than a wrong one.
    soft[10] = -Math.sign(soft[10]!) * 3;
    expect(decodeSoft(soft, 4)).toBeNull();
  });

  it('soft decoding with many flips returns the most likely payload, not just one that passes the CRC', () => {
    const payload = { installId: 0x5a5a01, exportId: 0xfedcba };
    const bits = encodePayload(payload);
    // Eleven bits read wrong, all weaker than every right one.
    const wrong = [1, 7, 12, 19, 25, 31, 40, 44, 50, 56, 62];
    const soft = Array.from(bits, (bit, i) => (bit ? 1 : -1) * (wrong.includes(i) ? -(0.05 + 0.01 * i) : 2 + (i % 5) * 0.3));
    expect(decodeSoft(soft, 8)).toBeNull();
    // 2¹⁶ candidates: several other payloads pass the CRC by chance, but they need strong bits flipped.
    expect(decodeSoft(soft, 16)).toEqual({ payload, flipped: wrong.length });
    expect(() => decodeSoft(soft, 17)).toThrow(/maxFlips must be an integer from 0 to 16/);
  });
});
