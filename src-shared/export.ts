import { z } from 'zod';

/**
 * Export settings both sides use: the size presets, the formats, the options a UI or the CLI sends, the rule for the
 * visible watermark, and the job's state as the engine reports it.
 */

export const EXPORT_PRESETS = {
  '9:16': { width: 1080, height: 1920, label: 'Vertical 9:16 (1080×1920)' },
  '16:9': { width: 1920, height: 1080, label: 'Landscape 16:9 (1920×1080)' },
  '1:1': { width: 1080, height: 1080, label: 'Square 1:1 (1080×1080)' },
} as const;
export const exportPresetIds = ['9:16', '16:9', '1:1', 'custom'] as const;
export type ExportPresetId = (typeof exportPresetIds)[number];
/** What a feed post is rendered with. */
export const FEED_PRESET: ExportPresetId = '9:16';

export const exportFormats = ['h264', 'hevc', 'prores'] as const;
export type ExportFormat = (typeof exportFormats)[number];
export const EXPORT_FORMAT_INFO: Record<ExportFormat, { label: string; extension: '.mp4' | '.mov' }> = {
  h264: { label: 'H.264 + AAC (MP4)', extension: '.mp4' },
  hevc: { label: 'HEVC + AAC (MP4)', extension: '.mp4' },
  prores: { label: 'ProRes 422 HQ + PCM (MOV)', extension: '.mov' },
};

/** A cameo that appears in the export: who owns it and the hash of their consent record (from the cameo domain). */
export const cameoUseSchema = z.strictObject({
  cameoId: z.string().min(1).max(128),
  ownerHandle: z.string().min(1).max(64),
  consentHash: z.string().regex(/^(sha256:)?[0-9a-f]{64}$/, 'a consent hash is 64 hex digits (sha256), optionally prefixed "sha256:"'),
});
export type CameoUse = z.infer<typeof cameoUseSchema>;

const evenSize = z.number().int().min(16).max(8192).multipleOf(2, 'must be even (H.264 4:2:0 needs even sizes)');

const exportSettingsObject = z.strictObject({
  preset: z.enum(exportPresetIds),
  /** Only for the custom preset. */
  width: evenSize.optional(),
  height: evenSize.optional(),
  format: z.enum(exportFormats).default('h264'),
  /** Dissolve length at cuts between two clips, in project frames; 0 = hard cuts. */
  crossfadeFrames: z.number().int().min(0).max(240).default(0),
  /** The moving "Scenecast" mark drawn over the picture. */
  visibleWatermark: z.boolean().default(true),
  /** The signed C2PA manifest. */
  c2pa: z.boolean().default(true),
  /** The invisible watermark (install id + export id) in every frame. */
  invisibleWatermark: z.boolean().default(true),
});

function checkSize(options: { preset: ExportPresetId; width?: number | undefined; height?: number | undefined }, ctx: z.RefinementCtx): void {
  if (options.preset === 'custom' && (options.width === undefined || options.height === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['width'], message: 'the custom preset needs a width and a height' });
  }
  if (options.preset !== 'custom' && (options.width !== undefined || options.height !== undefined)) {
    ctx.addIssue({ code: 'custom', path: ['width'], message: `the ${options.preset} preset has its own size; choose "custom" to set one` });
  }
}

/** What a UI sends: everything but the cameos, which the engine looks up in the cameo library by id (`cameoIds`). */
export const exportSettingsSchema = exportSettingsObject.superRefine(checkSize);
export type ExportSettingsInput = z.input<typeof exportSettingsSchema>;

/** The cameos a UI names: ids only; their owners and consent hashes come from the library, never from the UI. */
export const cameoIdsSchema = z.array(z.string().min(1).max(128)).max(16).default([]);

/** Everything an export is made with (the CLI passes cameo records itself; the router fills them from the library). */
export const exportOptionsSchema = exportSettingsObject.extend({ cameos: z.array(cameoUseSchema).max(16).default([]) }).superRefine(checkSize);
export type ExportOptions = z.infer<typeof exportOptionsSchema>;
export type ExportOptionsInput = z.input<typeof exportOptionsSchema>;

export function exportSize(options: Pick<ExportOptions, 'preset' | 'width' | 'height'>): { width: number; height: number } {
  if (options.preset === 'custom') return { width: options.width!, height: options.height! };
  const { width, height } = EXPORT_PRESETS[options.preset];
  return { width, height };
}

export const VISIBLE_WATERMARK_RULE =
  'The visible watermark may be turned off only for a file export that keeps both the C2PA manifest and the invisible watermark; feed posts always carry it.';

/** Why these marks are not allowed, or null when they are. The engine enforces this; a UI explains it. */
export function markPolicyViolation(options: Pick<ExportOptions, 'visibleWatermark' | 'c2pa' | 'invisibleWatermark'>, destination: 'file' | 'feed'): string | null {
  if (destination === 'feed' && !(options.visibleWatermark && options.c2pa && options.invisibleWatermark)) {
    return 'A feed post always carries the visible watermark, the C2PA manifest and the invisible watermark.';
  }
  if (!options.visibleWatermark && !(options.c2pa && options.invisibleWatermark)) {
    const missing = [!options.c2pa && 'the C2PA manifest', !options.invisibleWatermark && 'the invisible watermark'].filter(Boolean).join(' and ');
    return `The visible watermark can only be turned off when the C2PA manifest and the invisible watermark stay on; turn ${missing} back on, or keep the visible watermark.`;
  }
  return null;
}

/**
 * An export's file name without folder: what the studio's export dialog sends (the file lands in the project's
 * exports/ folder). No separators, no leading dot, nothing Windows refuses.
 */
export const exportFileNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(120)
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must not reach a file name
  .regex(/^[^\\/:*?"<>|\u0000-\u001f\u007f]+$/, 'use a plain file name: no / \\ : * ? " < > | or control characters')
  .refine((name) => !name.startsWith('.'), 'a file name must not start with "."')
  .refine((name) => !/^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$/i.test(name), 'that name is reserved on Windows');

export type ExportStage = 'prepare' | 'render' | 'watermark' | 'sign' | 'upload';

export type ExportJobView =
  | { id: string; state: 'running'; stage: ExportStage; fraction: number; etaSeconds: number | null; output: string }
  | {
      id: string;
      state: 'complete';
      output: string;
      /** URL the UI can play the file from. */
      url: string;
      width: number;
      height: number;
      frames: number;
      fps: number;
      format: ExportFormat;
      /** FCPXML and SRT written next to the video. */
      sidecars: string[];
      /** The invisible watermark's export id, when it was embedded. */
      exportId: number | null;
      post: { id: string; title: string; url: string } | null;
      /** The cameos in the video, as its C2PA manifest lists them: those named and those its takes were made with. */
      cameoIds: string[];
      seconds: number;
    }
  | { id: string; state: 'error'; output: string; message: string }
  | { id: string; state: 'cancelled'; output: string };
