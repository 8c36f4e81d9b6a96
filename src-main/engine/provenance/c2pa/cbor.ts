/**
 * The small deterministic CBOR encoder (RFC 8949) that a COSE_Sign1 needs: unsigned/negative integers, byte and text
 * strings, arrays, maps with integer or text keys (kept in the order given), tags and null. Nothing else is needed to
 * sign a C2PA claim, so nothing else is here.
 */
export type CborValue =
  | number
  | string
  | Uint8Array
  | null
  | readonly CborValue[]
  | CborMap
  | CborTagged;

export class CborMap {
  constructor(readonly entries: ReadonlyArray<readonly [number | string, CborValue]>) {}
}

export class CborTagged {
  constructor(
    readonly tag: number,
    readonly value: CborValue,
  ) {}
}

function head(major: number, length: number): Uint8Array {
  if (!Number.isSafeInteger(length) || length < 0) throw new RangeError(`cbor: bad length or value ${length}`);
  const m = major << 5;
  if (length < 24) return Uint8Array.of(m | length);
  if (length < 0x100) return Uint8Array.of(m | 24, length);
  if (length < 0x10000) return Uint8Array.of(m | 25, length >> 8, length & 0xff);
  if (length < 0x100000000) return Uint8Array.of(m | 26, length >>> 24, (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff);
  const out = new Uint8Array(9);
  out[0] = m | 27;
  new DataView(out.buffer).setBigUint64(1, BigInt(length));
  return out;
}

function encodeInto(value: CborValue, parts: Uint8Array[]): void {
  if (value === null) {
    parts.push(Uint8Array.of(0xf6));
  } else if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new RangeError(`cbor: only integers are supported, got ${value}`);
    parts.push(value >= 0 ? head(0, value) : head(1, -1 - value));
  } else if (typeof value === 'string') {
    const bytes = new TextEncoder().encode(value);
    parts.push(head(3, bytes.length), bytes);
  } else if (value instanceof Uint8Array) {
    parts.push(head(2, value.length), value);
  } else if (value instanceof CborMap) {
    parts.push(head(5, value.entries.length));
    for (const [key, entry] of value.entries) {
      encodeInto(key, parts);
      encodeInto(entry, parts);
    }
  } else if (value instanceof CborTagged) {
    parts.push(head(6, value.tag));
    encodeInto(value.value, parts);
  } else {
    parts.push(head(4, value.length));
    for (const item of value) encodeInto(item, parts);
  }
}

export function encodeCbor(value: CborValue): Uint8Array {
  const parts: Uint8Array[] = [];
  encodeInto(value, parts);
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
