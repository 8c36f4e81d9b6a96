import { createHash } from 'node:crypto';
import { readFile, rename, rm, writeFile, open } from 'node:fs/promises';
import path from 'node:path';
import { buildCoseSign1 } from './cose.js';
import { signEs256, type SigningCredentials } from './credentials.js';
import { bytesBlob, c2paSdk } from './wasm.js';

/** IPTC digital source type for media made by a generative model. */
export const TRAINED_ALGORITHMIC_MEDIA = 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia';
/** Custom assertion: the cameos that appear, each with the hash of its owner's consent record. */
export const CAMEOS_ASSERTION = 'com.scenecast.cameos';
/** Custom assertion: the model pack that generated the takes. */
export const MODEL_PACK_ASSERTION = 'com.scenecast.model-pack';

export interface ExportIngredient {
  /** What a person would call it, e.g. the take's file name. */
  title: string;
  /** SHA-256 of the take file, hex. */
  sha256: string;
  format?: string;
}

export interface ExportManifest {
  /** The app, e.g. { name: 'Scenecast', version: '0.1.0' }. */
  generator: { name: string; version: string };
  pack: { name: string; version: string };
  /** Title of the exported asset (defaults to the output file name). */
  title?: string;
  /** The takes the edit was cut from. */
  ingredients: ExportIngredient[];
  /** The cameos that appear, each with the hash of its owner's consent record (and the owner's feed handle). */
  cameos: Array<{ id: string; consentHash: string; ownerHandle?: string }>;
}

/** Signs a C2PA claim: the algorithm, how many bytes to reserve for the COSE signature, and the signing itself. */
export interface C2paSigner {
  alg: 'es256';
  reserveSize: number;
  /** Receives the serialized claim; returns a complete tagged COSE_Sign1 of exactly `reserveSize` bytes. */
  sign(claim: Uint8Array): Promise<Uint8Array>;
  /** Subject of the signing certificate, for messages. */
  subject: string;
}

/** A signer for this install's local credentials (see credentials.ts). */
export function localSigner(credentials: SigningCredentials): C2paSigner {
  // Room for the chain, the header map and the signature, with slack for CBOR framing; the rest is padding.
  const reserveSize = credentials.chain.reduce((sum, cert) => sum + cert.length, 0) + 1024;
  return {
    alg: 'es256',
    reserveSize,
    subject: credentials.subject,
    sign: (claim) => buildCoseSign1({ payload: claim, chain: credentials.chain, sign: (data) => signEs256(credentials, data), size: reserveSize }),
  };
}

export function mediaFormat(file: string): string {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.mp4' || ext === '.m4v') return 'video/mp4';
  if (ext === '.mov') return 'video/quicktime';
  throw new Error(`C2PA: cannot tell the format of ${file} from its extension (expected .mp4, .m4v or .mov)`);
}

export async function sha256File(file: string): Promise<string> {
  return createHash('sha256').update(await readFile(file)).digest('hex');
}

export interface SignExportOptions {
  videoPath: string;
  /** May equal `videoPath`; written to a temporary name and renamed, so a failure leaves no half file. */
  outPath: string;
  manifest: ExportManifest;
  signer: C2paSigner;
}

export interface SignedExport {
  path: string;
  /** The manifest's label (urn:c2pa:…). */
  manifestLabel: string | null;
  bytes: number;
}

/**
 * Embeds a signed C2PA manifest in an MP4/MOV with the C2PA project's own SDK (c2pa-rs as WebAssembly): generator,
 * actions (created by a trained model, edited), the takes as ingredients, the model pack and the cameos as custom
 * assertions. The SDK computes the BMFF hash over the file and places the manifest box; our signer only signs.
 */
export async function signExport(options: SignExportOptions): Promise<SignedExport> {
  const { manifest, signer } = options;
  const format = mediaFormat(options.videoPath);
  const { WasmBuilder, WasmReader } = c2paSdk();
  const definition = {
    claim_generator_info: [{ name: manifest.generator.name, version: manifest.generator.version }],
    title: manifest.title ?? path.basename(options.outPath),
    format,
  };
  const builder = WasmBuilder.fromJson(JSON.stringify(definition));
  try {
    const softwareAgent = { name: manifest.generator.name, version: manifest.generator.version };
    builder.addAction({ action: 'c2pa.created', digitalSourceType: TRAINED_ALGORITHMIC_MEDIA, softwareAgent });
    builder.addAction({ action: 'c2pa.edited', softwareAgent, description: 'cut on the Scenecast timeline' });
    builder.addAssertion(MODEL_PACK_ASSERTION, { name: manifest.pack.name, version: manifest.pack.version });
    builder.addAssertion(CAMEOS_ASSERTION, { cameos: manifest.cameos.map((c) => ({ id: c.id, consentHash: c.consentHash, ...(c.ownerHandle ? { ownerHandle: c.ownerHandle } : {}) })) });
    for (const ingredient of manifest.ingredients) {
      builder.addIngredient(
        JSON.stringify({
          title: ingredient.title,
          format: ingredient.format ?? 'video/mp4',
          relationship: 'componentOf',
          metadata: { 'com.scenecast.sha256': ingredient.sha256 },
        }),
      );
    }
    const source = await readFile(options.videoPath);
    let signed: Uint8Array;
    try {
      signed = await builder.sign(
        { alg: signer.alg, reserveSize: signer.reserveSize, sign: async (claim) => (await signer.sign(claim)) as Uint8Array<ArrayBuffer> },
        [],
        format,
        bytesBlob(source),
      );
    } catch (error) {
      throw new Error(`C2PA signing of ${options.videoPath} failed: ${String(error)}`, { cause: error });
    }
    const finalPath = path.resolve(options.outPath);
    const temp = path.join(path.dirname(finalPath), `.${path.basename(finalPath)}.${process.pid}.c2pa.partial`);
    try {
      await writeFile(temp, signed);
      const handle = await open(temp, 'r+');
      await handle.sync().finally(() => handle.close());
      await rename(temp, finalPath);
    } catch (error) {
      await rm(temp, { force: true });
      throw new Error(`cannot write the signed video to ${finalPath}: ${(error as Error).message}`, { cause: error });
    }
    const reader = await WasmReader.fromBytes(format, signed);
    try {
      return { path: finalPath, manifestLabel: reader.activeLabel() ?? null, bytes: signed.length };
    } finally {
      reader.free();
    }
  } finally {
    builder.free();
  }
}
