/**
 * What a cameo capture or import may hand the engine as bytes (the desktop app's `cameos.stageMedia`): a recording, by
 * content type, with the engine's size cap. Web mode's upload route takes the same kinds by file extension
 * (src-main/web/uploadRoute.ts); `cameos.create` checks the file again when it seals it. There are no images: the
 * engine takes a cameo's reference images from the recording itself.
 */
export const MAX_CAMEO_RECORDING_BYTES = 200 * 1024 * 1024;

export const CAMEO_MEDIA_TYPES = {
  'video/webm': { ext: 'webm', maxBytes: MAX_CAMEO_RECORDING_BYTES },
  'video/mp4': { ext: 'mp4', maxBytes: MAX_CAMEO_RECORDING_BYTES },
  'video/quicktime': { ext: 'mov', maxBytes: MAX_CAMEO_RECORDING_BYTES },
  'video/x-matroska': { ext: 'mkv', maxBytes: MAX_CAMEO_RECORDING_BYTES },
} as const;

export type CameoMediaType = keyof typeof CAMEO_MEDIA_TYPES;
export const CAMEO_MEDIA_TYPE_NAMES = Object.keys(CAMEO_MEDIA_TYPES) as [CameoMediaType, ...CameoMediaType[]];

const byExtension: Record<string, CameoMediaType> = {
  webm: 'video/webm',
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  mov: 'video/quicktime',
  mkv: 'video/x-matroska',
};

/**
 * The allowed content type of a blob: its own type without parameters (MediaRecorder gives `video/webm;codecs=vp8,opus`),
 * else the one its file name's extension implies (a chosen .mkv often has no type); null when neither is allowed.
 */
export function cameoMediaTypeOf(type: string, name: string): CameoMediaType | null {
  const essence = type.split(';')[0]!.trim().toLowerCase();
  if (essence in CAMEO_MEDIA_TYPES) return essence as CameoMediaType;
  if (essence && essence !== 'application/octet-stream') return null;
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
  return byExtension[ext] ?? null;
}
