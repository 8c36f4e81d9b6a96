import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { MediaTools } from '../media/index.js';
import { loadSigningCredentials } from './c2pa/credentials.js';
import { localSigner, signExport, type ExportManifest } from './c2pa/sign.js';
import { loadInstallIdentity, newExportId } from './identity.js';
import { markVideo } from './watermark/video.js';

export interface StampExportOptions {
  tools: Pick<MediaTools, 'ffmpeg' | 'ffprobe'>;
  /** The app's data folder: holds the install id and the signing credentials. */
  dataDir: string;
  /** The rendered export, before provenance. */
  inPath: string;
  /** Where the marked and signed file goes (written atomically; may not equal `inPath`). */
  outPath: string;
  manifest: ExportManifest;
  /** Defaults to a fresh random id. */
  exportId?: number;
}

export interface StampedExport {
  path: string;
  installId: number;
  exportId: number;
  /** PSNR of the watermark against the render (luma). */
  psnr: number;
  manifestLabel: string | null;
}

/**
 * The last step of every export: the invisible watermark in every frame (install id + export id), then a signed C2PA
 * manifest over the marked file. In that order, because the manifest hashes the final bytes.
 */
export async function stampExport(options: StampExportOptions): Promise<StampedExport> {
  const identity = await loadInstallIdentity(options.dataDir);
  const exportId = options.exportId ?? newExportId();
  const finalPath = path.resolve(options.outPath);
  const markedPath = path.join(path.dirname(finalPath), `.${path.basename(finalPath)}.${process.pid}.marked.mp4`);
  try {
    const marked = await markVideo({ tools: options.tools, inPath: options.inPath, outPath: markedPath, payload: { installId: identity.installId, exportId } });
    const signer = localSigner(await loadSigningCredentials(identity.signingDir, identity.label));
    const signed = await signExport({ videoPath: markedPath, outPath: finalPath, manifest: options.manifest, signer });
    return { path: signed.path, installId: identity.installId, exportId, psnr: marked.psnr, manifestLabel: signed.manifestLabel };
  } finally {
    await rm(markedPath, { force: true });
  }
}
