/**
 * Provenance: every export says where it came from. A signed C2PA manifest (generator, AI-created action, the takes as
 * ingredients, the cameos with their consent hashes) made with the C2PA project's own SDK, and an invisible watermark
 * in every frame that carries the install id and export id and survives re-encoding, downscaling and cropping.
 */
export { loadInstallIdentity, newExportId, installLabel, type InstallIdentity } from './identity.js';
export { loadSigningCredentials, type SigningCredentials } from './c2pa/credentials.js';
export {
  signExport,
  localSigner,
  sha256File,
  TRAINED_ALGORITHMIC_MEDIA,
  type C2paSigner,
  type ExportIngredient,
  type ExportManifest,
  type SignExportOptions,
  type SignedExport,
} from './c2pa/sign.js';
export { readProvenance, type ManifestSummary, type ProvenanceReport, type ValidationIssue } from './c2pa/read.js';
export { encodePayload, decodePayload, decodeSoft, crc16, PAYLOAD_BITS, type WatermarkPayload } from './watermark/payload.js';
export { watermarkLayout, payloadTile, SCENECAST_WATERMARK_KEY, type WatermarkLayout } from './watermark/pattern.js';
export { embedLuma, DEFAULT_EMBED, type EmbedOptions } from './watermark/embed.js';
export { WatermarkDetector, ACCEPTANCE_TIERS, DEFAULT_SCALES, DEFAULT_THRESHOLD, type AcceptanceTier, type DetectorOptions, type WatermarkVerdict } from './watermark/detect.js';
export { markVideo, detectVideoWatermark, psnrFromMse, type MarkVideoOptions, type MarkedVideo, type DetectVideoOptions } from './watermark/video.js';
export { verifyVideo, formatVerifyReport, type VerifyReport } from './verify.js';
export { stampExport, type StampExportOptions, type StampedExport } from './stamp.js';
