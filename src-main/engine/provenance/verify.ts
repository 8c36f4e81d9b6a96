import type { MediaTools } from '../media/index.js';
import { readProvenance, type ProvenanceReport } from './c2pa/read.js';
import { installLabel } from './identity.js';
import type { WatermarkVerdict } from './watermark/detect.js';
import { detectVideoWatermark } from './watermark/video.js';

export interface VerifyReport {
  file: string;
  c2pa: ProvenanceReport | { status: 'error'; message: string };
  watermark: WatermarkVerdict | { status: 'error'; message: string };
}

/** Everything `npm run verify` checks: the C2PA manifest and the invisible watermark. Each part fails on its own. */
export async function verifyVideo(tools: Pick<MediaTools, 'ffmpeg' | 'ffprobe'>, file: string): Promise<VerifyReport> {
  const [c2pa, watermark] = await Promise.all([
    readProvenance(file).catch((error: Error) => ({ status: 'error' as const, message: error.message.split('\n')[0] ?? String(error) })),
    detectVideoWatermark(file, { tools }).catch((error: Error) => ({ status: 'error' as const, message: error.message.split('\n')[0] ?? String(error) })),
  ]);
  return { file, c2pa, watermark };
}

/** The report as lines a person reads. */
export function formatVerifyReport(report: VerifyReport): string[] {
  const lines = [`file: ${report.file}`];
  const { c2pa } = report;
  if (c2pa.status === 'error') lines.push(`C2PA: could not be read — ${c2pa.message}`);
  else if (c2pa.status === 'absent') lines.push('C2PA: no manifest in this file');
  else {
    const verdict = {
      trusted: 'valid, signer trusted',
      valid: 'valid — intact and correctly signed; the signing certificate is on no trust list (Scenecast signs with a per-install certificate)',
      invalid: 'INVALID — the file or its manifest changed after signing',
    }[c2pa.status];
    lines.push(`C2PA: ${verdict}`);
    const m = c2pa.manifest;
    if (m.generator) lines.push(`  generator: ${m.generator}${m.pack ? ` (model pack ${m.pack.name} ${m.pack.version})` : ''}`);
    lines.push(`  signed by: ${m.signer.commonName ?? '?'} (${m.signer.issuer ?? '?'}, ${m.signer.alg ?? '?'})`);
    lines.push(`  actions: ${m.actions.map((a) => a.action).join(', ') || 'none'}${m.createdByAi ? ' — created by a generative model (trainedAlgorithmicMedia)' : ''}`);
    lines.push(`  ingredients: ${m.ingredients.length ? m.ingredients.map((i) => `${i.title}${i.sha256 ? ` (sha256 ${i.sha256.slice(0, 12)}…)` : ''}`).join(', ') : 'none'}`);
    lines.push(`  cameos: ${m.cameos.length ? m.cameos.map((c) => `${c.id}${c.ownerHandle ? ` of @${c.ownerHandle}` : ''} (consent ${c.consentHash.slice(0, 19)}…)`).join(', ') : 'none'}`);
    for (const failure of c2pa.failures) lines.push(`  problem: ${failure.code}${failure.explanation ? ` — ${failure.explanation}` : ''}`);
  }
  const { watermark } = report;
  if ('status' in watermark) lines.push(`watermark: could not be checked — ${watermark.message}`);
  else if (watermark.found && watermark.payload) {
    lines.push(
      `watermark: found — install ${installLabel(watermark.payload.installId)}, export ${installLabel(watermark.payload.exportId)}; ` +
        `score ${watermark.score.toFixed(1)} (threshold ${watermark.threshold}), ${watermark.frames} frames, scale ${watermark.scale.toFixed(2)}` +
        `${watermark.flippedBits ? `, ${watermark.flippedBits} weak bit(s) corrected` : ''}`,
    );
  } else {
    const why = watermark.score >= watermark.threshold ? '; something mark-like is there, but its bits do not pass the payload check' : '';
    lines.push(`watermark: not found (score ${watermark.score.toFixed(1)}, threshold ${watermark.threshold}; ${watermark.frames} frames${why})`);
  }
  return lines;
}
