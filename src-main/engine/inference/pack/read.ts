import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { ModelPackError } from './errors.js';
import { manifestSchema, type PackManifest } from './manifest.js';

export const MANIFEST_FILE = 'manifest.json';

export interface PackOnDisk {
  /** Absolute, real path of the pack folder. */
  dir: string;
  manifest: PackManifest;
}

/**
 * Reads and checks a pack's manifest and files without loading any model: what the main process needs to list packs
 * and what the worker does first before opening sessions.
 */
export async function readModelPack(dirInput: string): Promise<PackOnDisk> {
  const shown = dirInput;
  let dir: string;
  try {
    dir = await realpath(dirInput);
  } catch {
    throw new ModelPackError(shown, '(folder)', null, 'the folder does not exist');
  }
  if (!(await stat(dir)).isDirectory()) throw new ModelPackError(shown, '(folder)', null, 'is not a folder');

  let text: string;
  try {
    text = await readFile(path.join(dir, MANIFEST_FILE), 'utf8');
  } catch {
    throw new ModelPackError(shown, MANIFEST_FILE, null, 'is missing; a model pack needs a manifest.json (see models/README.md)');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ModelPackError(shown, MANIFEST_FILE, null, `is not valid JSON (${(err as Error).message})`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ModelPackError(shown, MANIFEST_FILE, fieldPath(issue.path), describeIssue(issue));
  }
  const manifest = parsed.data;
  checkConsistency(shown, manifest);
  for (const [field, file] of packFiles(manifest)) await checkFileInside(shown, dir, field, file);
  return { dir, manifest };
}

function packFiles(m: PackManifest): Array<[string, string]> {
  return [
    ['tokenizer.file', m.tokenizer.file],
    ['components.textEncoder.file', m.components.textEncoder.file],
    ['components.denoiser.file', m.components.denoiser.file],
    ['components.vaeDecoder.file', m.components.vaeDecoder.file],
    ...(m.components.audioDecoder ? [['components.audioDecoder.file', m.components.audioDecoder.file] as [string, string]] : []),
  ];
}

async function checkFileInside(shown: string, dir: string, field: string, file: string): Promise<void> {
  let real: string;
  try {
    real = await realpath(path.join(dir, file));
  } catch {
    throw new ModelPackError(shown, MANIFEST_FILE, field, `names '${file}', which does not exist in the pack folder`);
  }
  const rel = path.relative(dir, real);
  if (rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new ModelPackError(shown, MANIFEST_FILE, field, `'${file}' resolves outside the pack folder`);
  }
  if (!(await stat(real)).isFile()) throw new ModelPackError(shown, MANIFEST_FILE, field, `'${file}' is not a file`);
}

function checkConsistency(shown: string, m: PackManifest): void {
  const fail = (field: string, detail: string): never => {
    throw new ModelPackError(shown, MANIFEST_FILE, field, detail);
  };
  const s = m.latent.spatialCompression;
  m.video.sizes.forEach((size, i) => {
    if (size.width % s !== 0 || size.height % s !== 0) {
      fail(`video.sizes[${i}]`, `${size.width}×${size.height} is not a multiple of latent.spatialCompression ${s}`);
    }
  });
  const { min, max } = m.video.frames;
  if (min > max) fail('video.frames', `min ${min} is greater than max ${max}`);
  const tc = m.latent.temporalCompression;
  if (tc > 1 && (min - 1) % tc !== 0) fail('video.frames.min', `${min} is not of the form 1 + k×${tc} (latent.temporalCompression)`);
  if (tc > 1 && (max - 1) % tc !== 0) fail('video.frames.max', `${max} is not of the form 1 + k×${tc} (latent.temporalCompression)`);
  const d = m.components.denoiser.inputs;
  if (Boolean(d.cameoReference) !== Boolean(d.cameoMask)) {
    fail('components.denoiser.inputs', 'cameoReference and cameoMask must be declared together');
  }
  if (d.cameoReference && !m.conditioning.cameo) {
    fail('conditioning.cameo', 'is required when the denoiser takes cameoReference/cameoMask');
  }
  const c = m.latent.channels;
  const latentShapes: Array<[string, ReadonlyArray<number | string>]> = [
    ['components.denoiser.inputs.latents.shape', d.latents.shape],
    ['components.denoiser.outputs.velocity.shape', m.components.denoiser.outputs.velocity.shape],
    ['components.vaeDecoder.inputs.latents.shape', m.components.vaeDecoder.inputs.latents.shape],
  ];
  const audio = m.components.audioDecoder;
  if (audio) {
    latentShapes.push(['components.audioDecoder.inputs.latents.shape', audio.inputs.latents.shape]);
    const w = audio.outputs.waveform.shape;
    if (w.length !== 2 || w[0] !== 'batch' || w[1] !== 'audio_samples') fail('components.audioDecoder.outputs.waveform.shape', 'must be [batch, audio_samples]');
    if (audio.outputs.waveform.dtype !== 'float32') fail('components.audioDecoder.outputs.waveform.dtype', 'must be float32');
  }
  for (const [field, shape] of latentShapes) {
    if (shape.length !== 5 || shape[1] !== c) fail(field, `must be [batch, ${c}, latent_frames, latent_height, latent_width] (latent.channels is ${c})`);
  }
}

function fieldPath(p: ReadonlyArray<PropertyKey>): string {
  return p.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)), '') || '(root)';
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'is required';
  if (issue.code === 'unrecognized_keys') return `has unknown field(s) ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
  return issue.message;
}
