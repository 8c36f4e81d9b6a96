/**
 * `npm run export -- --project DIR --preset 9:16 --out film.mp4`: the timeline of a project rendered through the same
 * export as the studio (visible watermark, invisible watermark, C2PA manifest, FCPXML and SRT beside the video).
 * Like the studio's, it refuses a timeline holding a take made with a cameo whose owner revoked its use or deleted it,
 * as the cameo library of this data folder records (and the manifest lists the cameos the takes were made with), and a
 * take made with someone else's cameo unless the account signed in to the feed in this data folder may use it now.
 * Exit 0 on success, 2 for a usage mistake, 1 for a failure; always with one line saying what went wrong.
 */
import { access, constants, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EXPORT_FORMAT_INFO, exportOptionsSchema, exportPresetIds, type ExportJobView } from '../src-shared/export.js';
import { CameoLibraryError, libraryTakeRecords } from './engine/cameos/index.js';
import { readFeedSession } from './engine/feed/session.js';
import { ExportService } from './engine/export/index.js';
import { locateMediaTools, type MediaTools } from './engine/media/index.js';
import { createNodeHost } from './engine/system/nodeHost.js';

const usage = `Usage: npm run export -- --project DIR --preset 9:16 --out film.mp4 [options]
  --project DIR        the project folder (or its project.json) (required)
  --preset NAME        9:16 (1080×1920), 16:9 (1920×1080), 1:1 (1080×1080) or custom (required)
  --size WxH           the size for --preset custom, even numbers, e.g. 1280x720
  --format NAME        h264 (default, .mp4), hevc (.mp4) or prores (.mov), where this ffmpeg has the encoder
  --crossfade N        dissolve N frames at cuts between clips (default 0: hard cuts)
  --no-visible-mark    leave out the visible watermark (the C2PA manifest and invisible watermark stay)
  --cameo ID:OWNER:HASH  a cameo in the video: its id, its owner's handle, the sha256 of their consent (repeatable)
  --no-sidecars        do not write the FCPXML and SRT next to the video
  --out FILE           where to write the video (required)`;

class UsageError extends Error {}

function progressLine(job: ExportJobView): string | null {
  if (job.state !== 'running') return null;
  const width = 30;
  const bar = '█'.repeat(Math.round(job.fraction * width)).padEnd(width, '░');
  const stage = { prepare: 'preparing', render: 'rendering', watermark: 'watermarking', sign: 'signing', upload: 'uploading' }[job.stage];
  return `${bar} ${Math.round(job.fraction * 100)}% ${stage}${job.etaSeconds !== null ? ` ~${job.etaSeconds} s left` : ''}`;
}

async function projectDir(value: string): Promise<string> {
  const resolved = path.resolve(value);
  const dir = path.basename(resolved) === 'project.json' ? path.dirname(resolved) : resolved;
  try {
    await access(path.join(dir, 'project.json'));
  } catch {
    throw new UsageError(`--project: ${dir} is not a project folder (no project.json in it)`);
  }
  return dir;
}

async function outputFile(value: string, extension: string): Promise<string> {
  const file = path.resolve(value);
  if (path.extname(file).toLowerCase() !== extension) throw new UsageError(`--out must name a ${extension} file for this format, got '${value}'`);
  const dir = path.dirname(file);
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory()) throw new UsageError(`cannot write ${file}: the folder ${dir} does not exist`);
  try {
    await access(dir, constants.W_OK);
  } catch {
    throw new UsageError(`cannot write ${file}: the folder ${dir} is not writable`);
  }
  return file;
}

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        project: { type: 'string' },
        preset: { type: 'string' },
        size: { type: 'string' },
        format: { type: 'string' },
        crossfade: { type: 'string' },
        'no-visible-mark': { type: 'boolean' },
        cameo: { type: 'string', multiple: true },
        'no-sidecars': { type: 'boolean' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('\n')[0]} — see npm run export -- --help`);
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  if (!values.project) throw new UsageError('--project is required (npm run export -- --help)');
  if (!values.preset) throw new UsageError(`--preset is required: ${exportPresetIds.join(', ')}`);
  if (!values.out) throw new UsageError('--out is required (npm run export -- --help)');
  const size = values.size ? /^(\d+)x(\d+)$/.exec(values.size) : null;
  if (values.size && !size) throw new UsageError(`--size must look like 1280x720, got '${values.size}'`);
  const crossfade = values.crossfade === undefined ? 0 : Number(values.crossfade);
  const cameos = (values.cameo ?? []).map((text) => {
    const [cameoId, ownerHandle, consentHash, ...rest] = text.split(':');
    if (!cameoId || !ownerHandle || !consentHash || rest.length > 1 || (rest.length === 1 && consentHash !== 'sha256')) {
      throw new UsageError(`--cameo must look like ID:OWNER:HASH, got '${text}'`);
    }
    return { cameoId, ownerHandle, consentHash: rest.length ? rest[0]! : consentHash };
  });
  const parsed = exportOptionsSchema.safeParse({
    preset: values.preset,
    ...(size ? { width: Number(size[1]), height: Number(size[2]) } : {}),
    format: values.format ?? 'h264',
    crossfadeFrames: crossfade,
    visibleWatermark: !values['no-visible-mark'],
    cameos,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const flag = { preset: 'preset', width: 'size', height: 'size', format: 'format', crossfadeFrames: 'crossfade', cameos: 'cameo' }[String(issue.path[0])] ?? String(issue.path[0]);
    throw new UsageError(`--${flag}: ${issue.message}`);
  }
  const options = parsed.data;
  const dir = await projectDir(values.project);
  const outPath = await outputFile(values.out, EXPORT_FORMAT_INFO[options.format].extension);

  const host = createNodeHost();
  let tools: Promise<MediaTools> | null = null;
  const exports = new ExportService({
    dataDir: host.dataDir,
    appVersion: (createRequire(import.meta.url)('../package.json') as { version: string }).version,
    mediaTools: () => (tools ??= locateMediaTools({ settingPath: host.settings.get().ffmpegPath, env: process.env })),
    settings: host.settings,
    mediaUrl: host.mediaUrl,
    cameos: libraryTakeRecords(path.join(host.dataDir, 'cameos')),
  });
  const tty = process.stderr.isTTY;
  let last = '';
  const unsubscribe = exports.subscribe((job) => {
    const line = tty ? progressLine(job) : null;
    if (line && line !== last) {
      process.stderr.write(`\r\x1b[2K${line}`);
      last = line;
    }
  });
  const interrupt = () => void exports.dispose();
  process.once('SIGINT', interrupt);
  try {
    // Who exports: the account signed in to the feed in this data folder, as in the studio. A take made with someone
    // else's cameo is exported only by a person its owner shares it with now.
    const exporter = async (): Promise<string> => {
      const session = await readFeedSession(path.join(host.dataDir, 'feed-session.json'));
      if (!session) throw new CameoLibraryError('Nobody is signed in to the feed in this data folder: sign in in the studio, then export again.', 'forbidden');
      return session.handle.toLowerCase();
    };
    const job = await exports.start({ projectDir: dir, outPath, options, destination: 'file', sidecars: !values['no-sidecars'], exporter });
    const end = await exports.wait(job.id);
    if (tty && last) process.stderr.write('\r\x1b[2K');
    if (end.state === 'cancelled') throw new Error('the export was cancelled; nothing was written');
    if (end.state !== 'complete') throw new Error(end.state === 'error' ? end.message : 'the export did not finish');
    process.stdout.write(
      `${end.output}\n  ${end.width}×${end.height} ${EXPORT_FORMAT_INFO[end.format].label}, ${end.frames} frames @ ${end.fps} fps ` +
        `(${(end.frames / end.fps).toFixed(2)} s); ${end.exportId !== null ? `watermark export id ${end.exportId.toString(16).padStart(6, '0')}, ` : ''}` +
        `${options.c2pa ? 'C2PA signed' : 'no C2PA'}; ${end.seconds.toFixed(1)} s\n`,
    );
    for (const sidecar of end.sidecars) process.stdout.write(`  ${sidecar}\n`);
    return 0;
  } finally {
    unsubscribe();
    process.off('SIGINT', interrupt);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`scenecast export: ${message.split('\n')[0]}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
