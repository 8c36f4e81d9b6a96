import { createHash, createPrivateKey, generateKeyPairSync, randomBytes, sign as nodeSign, X509Certificate, type KeyObject } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bitString, booleanTrue, explicit, implicitPrimitive, integer, octetString, oid, sequence, set, time, utf8String } from './der.js';

/**
 * The per-install signing identity for C2PA manifests: a local CA made on first use, and a leaf certificate it issued
 * for ES256 signing. A validator can check that a manifest is intact and signed by this install; it will report the
 * signer as untrusted, because no trust list carries a certificate made on a user's machine. Publishing under a
 * trusted identity needs a certificate from a CA on the C2PA trust list (see the provenance README).
 */
export interface SigningCredentials {
  /** DER certificates, leaf first, then the local CA. */
  chain: Uint8Array[];
  privateKey: KeyObject;
  /** The leaf's subject, e.g. "CN=Scenecast install 3f9a…, O=Scenecast (local)". */
  subject: string;
  /** Where the files live. */
  dir: string;
}

/** C2PA 1.x accepts these EKUs for claim signing; documentSigning is the one meant for it. */
const EKU_DOCUMENT_SIGNING = '1.3.6.1.5.5.7.3.36';
const EKU_EMAIL_PROTECTION = '1.3.6.1.5.5.7.3.4';
const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
const LEAF_YEARS = 5;
const CA_YEARS = 10;
/** Renew the leaf when less than this is left, so a signature is never made on the last day of validity. */
const RENEW_BEFORE_MS = 30 * 24 * 3600 * 1000;

function addYears(date: Date, years: number): Date {
  const next = new Date(date);
  next.setUTCFullYear(next.getUTCFullYear() + years);
  return next;
}

function name(commonName: string, organization: string): Uint8Array {
  const rdn = (type: string, value: string) => set(sequence(oid(type), utf8String(value)));
  return sequence(rdn('2.5.4.10', organization), rdn('2.5.4.3', commonName));
}

function extension(id: string, critical: boolean, value: Uint8Array): Uint8Array {
  return critical ? sequence(oid(id), booleanTrue(), octetString(value)) : sequence(oid(id), octetString(value));
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits (the uncompressed EC point). */
function keyIdentifier(publicKey: KeyObject): Uint8Array {
  const jwk = publicKey.export({ format: 'jwk' });
  const point = Buffer.concat([Buffer.of(4), Buffer.from(jwk.x ?? '', 'base64url'), Buffer.from(jwk.y ?? '', 'base64url')]);
  return new Uint8Array(createHash('sha1').update(point).digest());
}

interface CertificateSpec {
  subject: Uint8Array;
  issuer: Uint8Array;
  publicKey: KeyObject;
  issuerPublicKey: KeyObject;
  signingKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
  extensions: Uint8Array[];
}

function issueCertificate(spec: CertificateSpec): Uint8Array {
  const algorithm = sequence(oid(ECDSA_WITH_SHA256));
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x01; // positive and non-zero, as RFC 5280 asks
  const tbs = sequence(
    explicit(0, integer(2)),
    integer(new Uint8Array(serial)),
    algorithm,
    spec.issuer,
    sequence(time(spec.notBefore), time(spec.notAfter)),
    spec.subject,
    new Uint8Array(spec.publicKey.export({ type: 'spki', format: 'der' })),
    explicit(
      3,
      sequence(
        ...spec.extensions,
        extension('2.5.29.14', false, octetString(keyIdentifier(spec.publicKey))),
        extension('2.5.29.35', false, sequence(implicitPrimitive(0, keyIdentifier(spec.issuerPublicKey)))),
      ),
    ),
  );
  const signature = nodeSign('sha256', tbs, spec.signingKey);
  return sequence(tbs, algorithm, bitString(new Uint8Array(signature)));
}

async function writePrivate(file: string, text: string): Promise<void> {
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, text, { mode: 0o600 });
  await chmod(temp, 0o600);
  await rename(temp, file);
}

const pem = (label: string, der: Uint8Array): string =>
  `-----BEGIN ${label}-----\n${Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').trim()}\n-----END ${label}-----\n`;

async function createCredentials(dir: string, installLabel: string): Promise<void> {
  const now = new Date(Date.now() - 60_000);
  const ca = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const leaf = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const caName = name(`Scenecast local CA ${installLabel}`, 'Scenecast (local, untrusted)');
  const caCert = issueCertificate({
    subject: caName,
    issuer: caName,
    publicKey: ca.publicKey,
    issuerPublicKey: ca.publicKey,
    signingKey: ca.privateKey,
    notBefore: now,
    notAfter: addYears(now, CA_YEARS),
    extensions: [
      extension('2.5.29.19', true, sequence(booleanTrue(), integer(0))),
      // keyCertSign (bit 5) + cRLSign (bit 6): 0b0000011x, one unused bit
      extension('2.5.29.15', true, bitString(Uint8Array.of(0x06), 1)),
    ],
  });
  const leafCert = issueCertificate({
    subject: name(`Scenecast install ${installLabel}`, 'Scenecast (local, untrusted)'),
    issuer: caName,
    publicKey: leaf.publicKey,
    issuerPublicKey: ca.publicKey,
    signingKey: ca.privateKey,
    notBefore: now,
    notAfter: addYears(now, LEAF_YEARS),
    extensions: [
      extension('2.5.29.19', true, sequence()),
      // digitalSignature (bit 0), seven unused bits
      extension('2.5.29.15', true, bitString(Uint8Array.of(0x80), 7)),
      extension('2.5.29.37', false, sequence(oid(EKU_DOCUMENT_SIGNING), oid(EKU_EMAIL_PROTECTION))),
    ],
  });
  // The CA's private key is not kept: it signed the one leaf and has no further use, so it can't leak later.
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writePrivate(path.join(dir, 'signing-key.pem'), leaf.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  await writeFile(path.join(dir, 'chain.pem'), `${pem('CERTIFICATE', leafCert)}${pem('CERTIFICATE', caCert)}`);
}

function parseChain(pem: string): Uint8Array[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((block) => new Uint8Array(new X509Certificate(block).raw));
}

async function readCredentials(dir: string): Promise<SigningCredentials | null> {
  let chainPem: string;
  let keyPem: string;
  try {
    [chainPem, keyPem] = await Promise.all([readFile(path.join(dir, 'chain.pem'), 'utf8'), readFile(path.join(dir, 'signing-key.pem'), 'utf8')]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`cannot read the C2PA signing credentials in ${dir}: ${(error as Error).message}`, { cause: error });
  }
  const chain = parseChain(chainPem);
  const leafDer = chain[0];
  if (!leafDer || chain.length < 2) throw new Error(`the C2PA certificate chain ${path.join(dir, 'chain.pem')} is damaged; delete the folder ${dir} to make a new one`);
  const leaf = new X509Certificate(leafDer);
  const privateKey = createPrivateKey(keyPem);
  if (!leaf.checkPrivateKey(privateKey)) throw new Error(`the C2PA signing key in ${dir} does not match its certificate; delete the folder ${dir} to make a new one`);
  if (Date.parse(leaf.validTo) - Date.now() < RENEW_BEFORE_MS) return null;
  return { chain, privateKey, subject: leaf.subject.replace(/\n/g, ', '), dir };
}

/**
 * Loads this install's signing credentials from `dir`, creating them on first use (and again when the leaf is about
 * to expire). The private key file is written with mode 0600.
 */
export async function loadSigningCredentials(dir: string, installLabel: string): Promise<SigningCredentials> {
  const existing = await readCredentials(dir);
  if (existing) return existing;
  await createCredentials(dir, installLabel);
  const created = await readCredentials(dir);
  if (!created) throw new Error(`C2PA signing credentials were written to ${dir} but cannot be read back`);
  return created;
}

/** ES256 over `data` with the leaf key, as the raw r‖s pair COSE wants. */
export function signEs256(credentials: SigningCredentials, data: Uint8Array): Uint8Array {
  return new Uint8Array(nodeSign('sha256', data, { key: credentials.privateKey, dsaEncoding: 'ieee-p1363' }));
}
