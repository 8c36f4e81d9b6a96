import { CborMap, CborTagged, encodeCbor, type CborValue } from './cbor.js';

/** COSE algorithm id for ECDSA P-256 with SHA-256 (RFC 9053). */
const COSE_ALG_ES256 = -7;
/** COSE header label for an X.509 chain (RFC 9360); C2PA 1.3+ requires it in the protected header. */
const COSE_HEADER_X5CHAIN = 33;
const COSE_SIGN1_TAG = 18;

export interface CoseSign1Input {
  /** The serialized C2PA claim (detached payload: signed, not carried). */
  payload: Uint8Array;
  /** DER certificates, signer first. */
  chain: readonly Uint8Array[];
  /** Signs the COSE Sig_structure; returns the raw r‖s signature (IEEE P1363, 64 bytes for ES256). */
  sign: (toBeSigned: Uint8Array) => Promise<Uint8Array> | Uint8Array;
  /** Exact size of the result: c2pa reserves the signature box before signing, so the COSE bytes are padded to it. */
  size: number;
}

/**
 * Builds the tagged COSE_Sign1 that c2pa-rs expects from a signer that handles COSE itself (the WebAssembly SDK's
 * signers do): ES256, x5chain in the protected header, detached payload, and an unprotected `pad` byte string that
 * brings the structure to exactly the reserved size, as c2pa-rs's own `pad_cose_sig` does.
 */
export async function buildCoseSign1(input: CoseSign1Input): Promise<Uint8Array> {
  if (input.chain.length === 0) throw new Error('C2PA signing: the certificate chain is empty');
  const x5chain: CborValue = input.chain.length === 1 ? input.chain[0]! : [...input.chain];
  const protectedHeader = encodeCbor(
    new CborMap([
      [1, COSE_ALG_ES256],
      [COSE_HEADER_X5CHAIN, x5chain],
    ]),
  );
  const toBeSigned = encodeCbor(['Signature1', protectedHeader, new Uint8Array(0), input.payload]);
  const signature = await input.sign(toBeSigned);
  if (signature.length !== 64) throw new Error(`C2PA signing: an ES256 signature is 64 bytes (r‖s), got ${signature.length}`);

  const build = (pad: number | null, pad2: number | null): Uint8Array => {
    const unprotected: Array<readonly [string, CborValue]> = [];
    if (pad !== null) unprotected.push(['pad', new Uint8Array(pad)]);
    if (pad2 !== null) unprotected.push(['pad2', new Uint8Array(pad2)]);
    return encodeCbor(new CborTagged(COSE_SIGN1_TAG, [protectedHeader, new CborMap(unprotected), null, signature]));
  };
  const bare = build(null, null);
  if (bare.length === input.size) return bare;
  // A pad of n bytes costs n plus its key and a 1–3 byte length head, so a few sizes can't be hit by one pad alone;
  // then a second small pad shifts the remainder (c2pa-rs does the same with `pad2`).
  for (const pad2 of [null, 0, 1, 2, 3]) {
    for (let pad = Math.max(0, input.size - bare.length - 20); pad <= input.size - bare.length; pad++) {
      const padded = build(pad, pad2);
      if (padded.length === input.size) return padded;
      if (padded.length > input.size) break;
    }
  }
  throw new Error(`C2PA signing: the signature (${bare.length} bytes) does not fit the reserved ${input.size} bytes`);
}
