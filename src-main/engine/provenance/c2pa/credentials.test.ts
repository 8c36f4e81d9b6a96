import { X509Certificate, verify } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCbor } from './cbor.js';
import { buildCoseSign1 } from './cose.js';
import { loadSigningCredentials, signEs256 } from './credentials.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'scenecast-credentials-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('per-install signing credentials', () => {
  it('are made on first use: a local CA and an ES256 leaf with the extensions C2PA requires, key file 0600', async () => {
    const signing = path.join(dir, 'signing');
    const credentials = await loadSigningCredentials(signing, 'abc123');
    expect((await stat(path.join(signing, 'signing-key.pem'))).mode & 0o777).toBe(0o600);
    const [leaf, ca] = credentials.chain.map((der) => new X509Certificate(der));
    expect(leaf && ca).toBeTruthy();
    expect(leaf!.subject).toContain('CN=Scenecast install abc123');
    expect(leaf!.checkIssued(ca!)).toBe(true);
    expect(leaf!.verify(ca!.publicKey)).toBe(true);
    expect(ca!.verify(ca!.publicKey)).toBe(true);
    expect(ca!.ca).toBe(true);
    expect(leaf!.ca).toBe(false);
    // Node lists the leaf's extended key usages: C2PA's document-signing EKU must be there, and no anyExtendedKeyUsage.
    expect(leaf!.keyUsage).toEqual(expect.arrayContaining(['1.3.6.1.5.5.7.3.36']));
    expect(leaf!.keyUsage).not.toContain('2.5.29.37.0');
    expect(leaf!.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(leaf!.checkPrivateKey(credentials.privateKey)).toBe(true);
    expect(Date.parse(leaf!.validTo) - Date.now()).toBeGreaterThan(4 * 365 * 24 * 3600 * 1000);
  });

  it('are reused on the next load', async () => {
    const signing = path.join(dir, 'signing');
    const first = await readFile(path.join(signing, 'chain.pem'), 'utf8');
    await loadSigningCredentials(signing, 'abc123');
    expect(await readFile(path.join(signing, 'chain.pem'), 'utf8')).toBe(first);
  });

  it('report a damaged chain with what to do', async () => {
    const signing = path.join(dir, 'damaged');
    await loadSigningCredentials(signing, 'x');
    await writeFile(path.join(signing, 'chain.pem'), 'garbage');
    await expect(loadSigningCredentials(signing, 'x')).rejects.toThrow(/is damaged; delete the folder .* to make a new one/);
  });
});

describe('COSE_Sign1 for a C2PA claim', () => {
  it('is padded to exactly the reserved size, and its ES256 signature verifies over the Sig_structure', async () => {
    const credentials = await loadSigningCredentials(path.join(dir, 'signing'), 'abc123');
    const claim = new TextEncoder().encode('a claim');
    for (const size of [1800, 1801, 1802, 1830, 4096]) {
      const cose = await buildCoseSign1({ payload: claim, chain: credentials.chain, sign: (data) => signEs256(credentials, data), size });
      expect(cose.length).toBe(size);
      expect([cose[0], cose[1]]).toEqual([0xd2, 0x84]); // tag 18, array of 4
    }
    let signed: Uint8Array | undefined;
    const cose = await buildCoseSign1({
      payload: claim,
      chain: credentials.chain,
      sign: (data) => {
        signed = data;
        return signEs256(credentials, data);
      },
      size: 2048,
    });
    const signature = cose.subarray(cose.length - 64);
    const publicKey = new X509Certificate(credentials.chain[0]!).publicKey;
    expect(verify('sha256', signed!, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature)).toBe(true);
    // The Sig_structure is ["Signature1", protected, h'', claim].
    expect(Buffer.from(signed!.subarray(0, 12)).toString('latin1')).toContain('Signature1');
    expect(Buffer.from(signed!.subarray(signed!.length - claim.length))).toEqual(Buffer.from(claim));
    expect(() => encodeCbor(1.5)).toThrow(/only integers/);
  });

  it('refuses a reserved size too small for the signature', async () => {
    const credentials = await loadSigningCredentials(path.join(dir, 'signing'), 'abc123');
    await expect(buildCoseSign1({ payload: new Uint8Array(4), chain: credentials.chain, sign: (d) => signEs256(credentials, d), size: 200 })).rejects.toThrow(
      /does not fit the reserved 200 bytes/,
    );
  });
});
