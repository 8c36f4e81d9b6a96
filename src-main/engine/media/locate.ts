import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import { MediaToolMissingError } from './errors.js';
import { StderrTail, waitForExit } from './process.js';

export type MediaToolSource = 'setting' | 'env' | 'bundled' | 'path';

export interface MediaTools {
  ffmpeg: string;
  ffprobe: string;
  source: MediaToolSource;
  /** First line of `ffmpeg -version`, e.g. "ffmpeg version 5.1.6-0+deb12u1". */
  version: string;
}

export interface LocateMediaToolsOptions {
  /** The `ffmpegPath` setting; ffprobe is looked for beside it. Empty or undefined = not set. */
  settingPath?: string | undefined;
  /** Environment to read FFMPEG_PATH, FFPROBE_PATH and PATH from (usually process.env). */
  env: Readonly<Record<string, string | undefined>>;
  /** Folder holding bundled `ffmpeg` and `ffprobe` binaries (a packaged app's resources), if any. */
  bundledDir?: string | undefined;
  platform?: NodeJS.Platform;
}

const VERSION_TIMEOUT_MS = 10_000;

function exeName(tool: 'ffmpeg' | 'ffprobe', platform: NodeJS.Platform): string {
  return platform === 'win32' ? `${tool}.exe` : tool;
}

/** ffprobe lives next to ffmpeg in every distribution we know of (static builds, Homebrew, Debian, the Windows zips). */
function besideFfmpeg(ffmpegPath: string, platform: NodeJS.Platform): string {
  const dir = path.dirname(ffmpegPath);
  const base = path.basename(ffmpegPath).replace(/ffmpeg/i, 'ffprobe');
  return path.join(dir, base === path.basename(ffmpegPath) ? exeName('ffprobe', platform) : base);
}

async function isExecutableFile(file: string): Promise<boolean> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return false;
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Runs `<binary> -version`; returns its first line, or a reason it is not usable. */
async function checkVersion(binary: string, tool: 'ffmpeg' | 'ffprobe'): Promise<{ ok: true; version: string } | { ok: false; reason: string }> {
  if (!(await isExecutableFile(binary))) return { ok: false, reason: 'not found or not executable' };
  let child;
  try {
    child = spawn(binary, ['-hide_banner', '-version'], { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
  } catch (error) {
    return { ok: false, reason: `could not start (${(error as Error).message})` };
  }
  let out = '';
  const err = new StderrTail();
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), VERSION_TIMEOUT_MS);
  try {
    const exit = await waitForExit(child);
    const first = out.split(/\r?\n/)[0]?.trim() ?? '';
    if (exit.code !== 0) return { ok: false, reason: `\`-version\` failed (${err.lines(2) || `exit ${exit.code ?? exit.signal}`})` };
    if (!first.toLowerCase().startsWith(`${tool} version`)) return { ok: false, reason: `is not ${tool} ("${first.slice(0, 60)}")` };
    return { ok: true, version: first };
  } catch (error) {
    return { ok: false, reason: `could not start (${(error as Error).message})` };
  } finally {
    clearTimeout(timer);
  }
}

interface Candidate {
  source: MediaToolSource;
  label: string;
  ffmpeg: string;
  ffprobe: string;
}

function candidates(options: LocateMediaToolsOptions, platform: NodeJS.Platform): Candidate[] {
  const list: Candidate[] = [];
  const setting = options.settingPath?.trim();
  if (setting) {
    list.push({ source: 'setting', label: 'the ffmpegPath setting', ffmpeg: setting, ffprobe: besideFfmpeg(setting, platform) });
  }
  const envFfmpeg = options.env.FFMPEG_PATH?.trim();
  const envFfprobe = options.env.FFPROBE_PATH?.trim();
  if (envFfmpeg) {
    list.push({
      source: 'env',
      label: envFfprobe ? 'FFMPEG_PATH / FFPROBE_PATH' : 'FFMPEG_PATH (ffprobe beside it; FFPROBE_PATH unset)',
      ffmpeg: envFfmpeg,
      ffprobe: envFfprobe || besideFfmpeg(envFfmpeg, platform),
    });
  }
  if (options.bundledDir) {
    list.push({
      source: 'bundled',
      label: 'the bundled binaries',
      ffmpeg: path.join(options.bundledDir, exeName('ffmpeg', platform)),
      ffprobe: path.join(options.bundledDir, exeName('ffprobe', platform)),
    });
  }
  const pathVar = options.env.PATH ?? options.env.Path ?? '';
  const delimiter = platform === 'win32' ? ';' : ':';
  for (const dir of pathVar.split(delimiter)) {
    if (!dir.trim()) continue;
    list.push({
      source: 'path',
      label: `PATH entry ${dir}`,
      ffmpeg: path.join(dir, exeName('ffmpeg', platform)),
      ffprobe: path.join(dir, exeName('ffprobe', platform)),
    });
  }
  return list;
}

/**
 * Finds a working ffmpeg + ffprobe pair, in order: the setting, FFMPEG_PATH/FFPROBE_PATH, the bundled binaries, PATH.
 * Each candidate is verified by running `-version`. A broken setting does not stop the search, but it is named in the
 * error if nothing else works either.
 */
export async function locateMediaTools(options: LocateMediaToolsOptions): Promise<MediaTools> {
  const platform = options.platform ?? process.platform;
  const tried: string[] = [];
  for (const candidate of candidates(options, platform)) {
    const ffmpeg = await checkVersion(candidate.ffmpeg, 'ffmpeg');
    if (!ffmpeg.ok) {
      // PATH entries without ffmpeg are the normal case; list them only as a count to keep the message readable.
      if (candidate.source !== 'path' || (await isExecutableFile(candidate.ffmpeg))) {
        tried.push(`${candidate.label}: ${candidate.ffmpeg} ${ffmpeg.reason}`);
      }
      continue;
    }
    const ffprobe = await checkVersion(candidate.ffprobe, 'ffprobe');
    if (!ffprobe.ok) {
      tried.push(`${candidate.label}: ffmpeg ok, but ffprobe ${candidate.ffprobe} ${ffprobe.reason}`);
      continue;
    }
    return { ffmpeg: candidate.ffmpeg, ffprobe: candidate.ffprobe, source: candidate.source, version: ffmpeg.version };
  }
  if (!options.settingPath?.trim()) tried.push('the ffmpegPath setting: not set');
  if (!options.env.FFMPEG_PATH?.trim()) tried.push('FFMPEG_PATH: not set');
  if (!options.bundledDir) tried.push('bundled binaries: none in this build');
  const pathVar = options.env.PATH ?? options.env.Path ?? '';
  tried.push(pathVar.trim() ? `PATH: no ffmpeg in ${pathVar}` : 'PATH: empty');
  const message = [
    // The first line stands alone (the CLI prints only it), so it says how to fix it too.
    'ffmpeg and ffprobe were not found; Scenecast needs them to write and read video. Install ffmpeg or set FFMPEG_PATH to the ffmpeg binary.',
    'Tried:',
    ...tried.map((line) => `  - ${line}`),
    'Fix: install ffmpeg (Debian/Ubuntu: `sudo apt install ffmpeg`, macOS: `brew install ffmpeg`, Windows: `winget install ffmpeg`),',
    'or point Scenecast at it: set FFMPEG_PATH (and FFPROBE_PATH) or Settings → ffmpeg path to the ffmpeg binary.',
  ].join('\n');
  throw new MediaToolMissingError(message, tried);
}
