/**
 * The watermark's 64-bit payload: 24-bit install id, 24-bit export id, and a CRC-16 over both. The CRC is what tells a
 * real payload from the bits a detector reads out of an unmarked clip: random bits pass it with probability 2⁻¹⁶.
 */
export interface WatermarkPayload {
  /** This install's id, 0 … 2²⁴−1 (see identity.ts). */
  installId: number;
  /** The export's id, 0 … 2²⁴−1. */
  exportId: number;
}

export const PAYLOAD_BITS = 64;
const ID_MAX = 0xffffff;

/** CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF). */
export function crc16(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

function idBytes(payload: WatermarkPayload): Uint8Array {
  const { installId, exportId } = payload;
  return Uint8Array.of(installId >> 16, (installId >> 8) & 0xff, installId & 0xff, exportId >> 16, (exportId >> 8) & 0xff, exportId & 0xff);
}

/** The payload as 64 bits (0/1), most significant first: install id, export id, CRC. */
export function encodePayload(payload: WatermarkPayload): Uint8Array {
  for (const [name, value] of [['installId', payload.installId], ['exportId', payload.exportId]] as const) {
    if (!Number.isInteger(value) || value < 0 || value > ID_MAX) throw new RangeError(`watermark payload: ${name} must be an integer from 0 to ${ID_MAX}, got ${value}`);
  }
  const bytes = new Uint8Array(8);
  bytes.set(idBytes(payload), 0);
  const crc = crc16(bytes.subarray(0, 6));
  bytes[6] = crc >> 8;
  bytes[7] = crc & 0xff;
  const bits = new Uint8Array(PAYLOAD_BITS);
  for (let i = 0; i < PAYLOAD_BITS; i++) bits[i] = (bytes[i >> 3]! >> (7 - (i & 7))) & 1;
  return bits;
}

/** The payload in 64 bits, or null when the CRC does not match (not a payload, or damaged beyond repair). */
export function decodePayload(bits: ArrayLike<number>): WatermarkPayload | null {
  if (bits.length !== PAYLOAD_BITS) throw new RangeError(`watermark payload: expected ${PAYLOAD_BITS} bits, got ${bits.length}`);
  const bytes = new Uint8Array(8);
  for (let i = 0; i < PAYLOAD_BITS; i++) if (bits[i]) bytes[i >> 3]! |= 1 << (7 - (i & 7));
  if (crc16(bytes.subarray(0, 6)) !== ((bytes[6]! << 8) | bytes[7]!)) return null;
  return { installId: (bytes[0]! << 16) | (bytes[1]! << 8) | bytes[2]!, exportId: (bytes[3]! << 16) | (bytes[4]! << 8) | bytes[5]! };
}

/**
 * The CRC check as a 16-bit syndrome: CRC of the id bytes XOR the CRC field; 0 exactly when the word is a payload.
 * CRC-16 is affine in its input, so flipping bit k changes the syndrome by a fixed mask (see `flipSyndromes`).
 */
function syndrome(bits: ArrayLike<number>): number {
  const bytes = new Uint8Array(8);
  for (let i = 0; i < PAYLOAD_BITS; i++) if (bits[i]) bytes[i >> 3]! |= 1 << (7 - (i & 7));
  return crc16(bytes.subarray(0, 6)) ^ ((bytes[6]! << 8) | bytes[7]!);
}

let flipMasks: Uint16Array | null = null;

/** Per bit: how flipping it changes the syndrome. */
function flipSyndromes(): Uint16Array {
  if (!flipMasks) {
    const zero = new Uint8Array(PAYLOAD_BITS);
    const base = syndrome(zero);
    flipMasks = Uint16Array.from({ length: PAYLOAD_BITS }, (_, k) => {
      zero[k] = 1;
      const changed = syndrome(zero) ^ base;
      zero[k] = 0;
      return changed;
    });
  }
  return flipMasks;
}

export interface SoftDecoded {
  payload: WatermarkPayload;
  /** How many bits of the hard decision it flipped. */
  flipped: number;
}

/**
 * Soft decoding (Chase-2): among the hard decision and every pattern of flips of the `maxFlips` least reliable bits,
 * returns the candidate that passes the CRC with the least total reliability flipped — the most likely payload in that
 * set — or null when none passes. 2^maxFlips candidates: noise passes the CRC with probability about 2^maxFlips / 2¹⁶,
 * which is why the detector asks for a higher score the more flips it allows (see detect.ts). At most 16.
 */
export function decodeSoft(soft: ArrayLike<number>, maxFlips = 4): SoftDecoded | null {
  if (soft.length !== PAYLOAD_BITS) throw new RangeError(`watermark payload: expected ${PAYLOAD_BITS} soft bits, got ${soft.length}`);
  if (!Number.isInteger(maxFlips) || maxFlips < 0 || maxFlips > 16) throw new RangeError(`watermark payload: maxFlips must be an integer from 0 to 16, got ${maxFlips}`);
  const hard: number[] = Array.from(soft, (value) => (value > 0 ? 1 : 0));
  const weakest = Array.from(soft, (value, index) => ({ index, reliability: Math.abs(value) }))
    .sort((a, b) => a.reliability - b.reliability)
    .slice(0, maxFlips);
  const masks = flipSyndromes();
  // Walk all flip patterns in Gray-code order: each step flips one bit, updating the syndrome and the cost.
  let current = syndrome(hard);
  let cost = 0;
  let bestCost = Infinity;
  let bestPattern = -1;
  let pattern = 0;
  for (let step = 0; step < 1 << weakest.length; step++) {
    if (step > 0) {
      const bit = 31 - Math.clz32(step & -step);
      const { index, reliability } = weakest[bit]!;
      pattern ^= 1 << bit;
      const on = (pattern >> bit) & 1;
      current ^= masks[index]!;
      cost += on ? reliability : -reliability;
    }
    if (current === 0 && cost < bestCost) {
      bestCost = cost;
      bestPattern = pattern;
    }
  }
  if (bestPattern < 0) return null;
  const candidate = hard.slice();
  let flipped = 0;
  weakest.forEach(({ index }, bit) => {
    if (bestPattern & (1 << bit)) {
      candidate[index] = 1 - candidate[index]!;
      flipped++;
    }
  });
  const payload = decodePayload(candidate);
  if (!payload) throw new Error('watermark payload: soft decoding chose a word that fails the CRC (syndrome tables are wrong)');
  return { payload, flipped };
}
