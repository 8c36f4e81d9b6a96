import { pathToFileURL } from 'node:url';
import type { Marker, ProjectDocument } from '../../../src-shared/project/index.js';
import type { ExportSource, ExportTimeline } from './timeline.js';

/**
 * Files that travel with an export: the edit as FCPXML (Final Cut Pro, DaVinci Resolve and Premiere import it) and the
 * timeline's labelled markers as SRT subtitles. The project schema has no text or subtitle items; markers are the only
 * timed text it holds, so each labelled marker becomes one subtitle, shown until the next marker (at most 4 s).
 */

const escapeXml = (text: string) =>
  text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

/** A rational time FCPXML reads: frames over the frame rate, in seconds. */
const time = (frames: number, fps: number) => (frames === 0 ? '0s' : `${frames}/${fps}s`);

export interface FcpxmlOptions {
  document: ProjectDocument;
  timeline: ExportTimeline;
  sources: Readonly<Record<string, ExportSource>>;
  /** Audio files by the audio state's asset key. */
  audioFiles: Readonly<Record<string, string>>;
  width: number;
  height: number;
}

/**
 * FCPXML 1.9: one format, one asset per source file, and a sequence whose spine holds the flattened video (clips and
 * gaps, with their trims); audio clips hang below it as connected clips (lane -1, -2, … per track), markers on the
 * spine item they fall in.
 */
export function buildFcpxml(options: FcpxmlOptions): string {
  const { document, timeline, width, height } = options;
  const { fps, totalFrames } = timeline;
  const assets = new Map<string, { id: string; name: string; path: string; hasVideo: boolean; seconds: string }>();
  const assetFor = (key: string, filePath: string, hasVideo: boolean, seconds: string) => {
    let asset = assets.get(key);
    if (!asset) {
      asset = { id: `r${assets.size + 2}`, name: filePath.split(/[\\/]/).pop() ?? key, path: filePath, hasVideo, seconds };
      assets.set(key, asset);
    }
    return asset;
  };
  const spine = timeline.video.map((segment) => {
    if (segment.kind === 'gap') return { offset: segment.startFrame, duration: segment.durationFrames, start: 0, open: `<gap name="Gap" offset="${time(segment.startFrame, fps)}" duration="${time(segment.durationFrames, fps)}" start="0s">`, close: '</gap>' };
    const source = options.sources[segment.sourceKey]!;
    const asset = assetFor(segment.sourceKey, source.path, true, `${source.frames}/${source.fps}s`);
    // Source in, converted to project frames so every time in the sequence is on the project's frame grid.
    const start = Math.round(segment.sourceInFrame / segment.rate);
    return {
      offset: segment.startFrame,
      duration: segment.durationFrames,
      start,
      open: `<asset-clip ref="${asset.id}" name="${escapeXml(asset.name)}" offset="${time(segment.startFrame, fps)}" start="${time(start, fps)}" duration="${time(segment.durationFrames, fps)}" tcFormat="NDF">`,
      close: '</asset-clip>',
    };
  });
  const children = spine.map(() => [] as string[]);
  const parentAt = (frame: number) => Math.max(0, spine.findIndex((item) => frame >= item.offset && frame < item.offset + item.duration));
  const local = (index: number, frame: number) => spine[index]!.start + frame - spine[index]!.offset;

  const lanes = new Map(timeline.audio.tracks.map((track, index) => [track.id, -(index + 1)]));
  for (const clip of timeline.audio.clips) {
    const file = options.audioFiles[clip.assetId];
    if (!file || clip.startFrame >= totalFrames) continue;
    // The sound's length is not probed here: the asset spans at least what its clips use of it.
    const used = clip.sourceInFrame + clip.durationFrames;
    // A take's picture and its sound share a source key; as FCPXML assets they are two files.
    const asset = assetFor(`sound:${clip.assetId}`, file, false, time(used, fps));
    if (Number(asset.seconds.split('/')[0]) < used) asset.seconds = time(used, fps);
    const parent = parentAt(clip.startFrame);
    const level = clip.gainDb !== 0 ? `<adjust-volume amount="${clip.gainDb}dB"/>` : '';
    children[parent]!.push(
      `<asset-clip ref="${asset.id}" lane="${lanes.get(clip.trackId) ?? -1}" name="${escapeXml(asset.name)}" offset="${time(local(parent, clip.startFrame), fps)}" ` +
        `start="${time(clip.sourceInFrame, fps)}" duration="${time(Math.min(clip.durationFrames, totalFrames - clip.startFrame), fps)}" ` +
        `audioRole="dialogue"${clip.muted ? ' enabled="0"' : ''}>${level}</asset-clip>`,
    );
  }
  for (const marker of document.markers) {
    if (marker.frame >= totalFrames) continue;
    const parent = parentAt(marker.frame);
    children[parent]!.unshift(`<marker start="${time(local(parent, marker.frame), fps)}" duration="${time(1, fps)}" value="${escapeXml(marker.label || 'Marker')}"/>`);
  }

  const resources = [
    `<format id="r1" name="FFVideoFormat${width}x${height}p${fps}" frameDuration="1/${fps}s" width="${width}" height="${height}"/>`,
    ...[...assets.values()].map(
      (a) =>
        `<asset id="${a.id}" name="${escapeXml(a.name)}" start="0s" duration="${a.seconds}" hasVideo="${a.hasVideo ? 1 : 0}" hasAudio="${a.hasVideo ? 0 : 1}"${a.hasVideo ? ' format="r1"' : ''} audioSources="1" audioChannels="2">` +
        `<media-rep kind="original-media" src="${escapeXml(pathToFileURL(a.path).href)}"/></asset>`,
    ),
  ];
  const spineXml = spine.map((item, i) => `          ${item.open}${children[i]!.join('')}${item.close}`).join('\n');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE fcpxml>',
    '<fcpxml version="1.9">',
    `  <resources>\n    ${resources.join('\n    ')}\n  </resources>`,
    '  <library>',
    `    <event name="${escapeXml(document.name)}">`,
    `      <project name="${escapeXml(document.name)}">`,
    `        <sequence format="r1" duration="${time(totalFrames, fps)}" tcStart="0s" tcFormat="NDF" audioLayout="stereo" audioRate="48k">`,
    '          <spine>',
    spineXml.replace(/^ {10}/gm, '            '),
    '          </spine>',
    '        </sequence>',
    '      </project>',
    '    </event>',
    '  </library>',
    '</fcpxml>',
    '',
  ].join('\n');
}

const MAX_SUBTITLE_SECONDS = 4;

function srtTime(frames: number, fps: number): string {
  const ms = Math.round((frames * 1000) / fps);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)},${pad(ms % 1000, 3)}`;
}

/** SRT of the labelled markers, or null when there are none (no empty subtitle file is written). */
export function buildMarkerSrt(markers: readonly Marker[], fps: number, totalFrames: number): string | null {
  const labelled = markers.filter((m) => m.label.trim() !== '' && m.frame < totalFrames).sort((a, b) => a.frame - b.frame);
  if (labelled.length === 0) return null;
  const cues = labelled.map((marker, i) => {
    const next = labelled[i + 1]?.frame ?? totalFrames;
    const end = Math.min(next, totalFrames, marker.frame + MAX_SUBTITLE_SECONDS * fps);
    return `${i + 1}\n${srtTime(marker.frame, fps)} --> ${srtTime(Math.max(end, marker.frame + 1), fps)}\n${marker.label.trim().replace(/\r?\n\s*\n/g, '\n')}\n`;
  });
  return cues.join('\n');
}
