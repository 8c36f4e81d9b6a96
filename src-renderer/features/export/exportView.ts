import { EXPORT_PRESETS, type ExportJobView, type ExportPresetId, type ExportSettingsInput } from '../../../src-shared/export';

/** What the export dialog shows of a job: pure, so it is tested without a page. */

const STAGE_TEXT = { prepare: 'Preparing', render: 'Rendering', watermark: 'Watermarking', sign: 'Signing', upload: 'Uploading' } as const;

export function formatEta(seconds: number | null): string {
  if (seconds === null) return 'estimating…';
  if (seconds < 60) return `about ${Math.max(1, Math.round(seconds))} s left`;
  const minutes = Math.floor(seconds / 60);
  return `about ${minutes} min ${Math.round(seconds - minutes * 60)} s left`;
}

export function progressText(job: ExportJobView): string {
  switch (job.state) {
    case 'running':
      return `${STAGE_TEXT[job.stage]}… ${Math.round(job.fraction * 100)}% · ${formatEta(job.etaSeconds)}`;
    case 'complete':
      return job.post ? `Published “${job.post.title}”.` : `Exported ${job.width}×${job.height}, ${(job.frames / job.fps).toFixed(1)} s, in ${job.seconds.toFixed(0)} s.`;
    case 'cancelled':
      return 'Cancelled; nothing was written.';
    case 'error':
      return job.message;
  }
}

export function percentOf(job: ExportJobView | null): number {
  if (!job) return 0;
  if (job.state === 'complete') return 100;
  return job.state === 'running' ? Math.round(job.fraction * 100) : 0;
}

export interface ExportForm {
  preset: ExportPresetId;
  width: string;
  height: string;
  format: 'h264' | 'hevc' | 'prores';
  crossfadeFrames: string;
  visibleWatermark: boolean;
  outputName: string;
}

/** The form as the engine's options, or the first thing wrong with it (the engine checks again). */
export function formToOptions(form: ExportForm): { options: ExportSettingsInput } | { problem: string } {
  const crossfadeFrames = Number(form.crossfadeFrames || '0');
  if (!Number.isInteger(crossfadeFrames) || crossfadeFrames < 0 || crossfadeFrames > 240) return { problem: 'Crossfade: a whole number of frames from 0 to 240.' };
  const base = { format: form.format, crossfadeFrames, visibleWatermark: form.visibleWatermark };
  if (form.preset !== 'custom') return { options: { preset: form.preset, ...base } };
  const width = Number(form.width);
  const height = Number(form.height);
  for (const [name, value] of [['Width', width], ['Height', height]] as const) {
    if (!Number.isInteger(value) || value < 16 || value > 8192 || value % 2 !== 0) return { problem: `${name}: an even number of pixels from 16 to 8192.` };
  }
  return { options: { preset: 'custom', width, height, ...base } };
}

export function presetLabel(preset: ExportPresetId): string {
  return preset === 'custom' ? 'Custom size' : EXPORT_PRESETS[preset].label;
}
