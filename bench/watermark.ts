/**
 * `npm run bench:watermark [-- --clips N --large N --null N --kinds K,… --seed S --concurrency C]`: how robust the
 * invisible watermark is.
 *
 * Builds N synthetic clips (textured noise, smooth gradients, moving shapes, a mix; 16–24 frames; 256×256 or
 * 320×180; plus `--large` clips at 1920×1080), encodes each with x264 CRF 18, marks it with a random payload, then
 * attacks the marked file with real ffmpeg — re-encode at CRF 28, downscale to 50 %, crop to 90 % at a random offset —
 * and runs the detector on each. The unmarked originals are the null set: any detection there is a false positive.
 * Prints the attack × detection table, the PSNR of marking, and the null distribution of the detection score against
 * the threshold (the margin). `--null N` adds N unmarked clips that are only encoded and searched (no marking, no
 * attacks): a larger null set for the false-positive rate at a fraction of the cost, and a Gumbel fit of the null
 * scores that estimates each acceptance tier's false-positive chance beyond what the run can count.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createVideoEncoder, locateMediaTools, type MediaTools } from '../src-main/engine/media/index.js';
import { runTool } from '../src-main/engine/media/process.js';
import { detectVideoWatermark, markVideo } from '../src-main/engine/provenance/watermark/video.js';
import { ACCEPTANCE_TIERS, type WatermarkVerdict } from '../src-main/engine/provenance/watermark/detect.js';
import type { EmbedOptions } from '../src-main/engine/provenance/watermark/embed.js';
import { watermarkLayout } from '../src-main/engine/provenance/watermark/pattern.js';

const { values } = parseArgs({
  options: {
    clips: { type: 'string', default: '20' },
    large: { type: 'string', default: '0' },
    seed: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: String(Math.max(1, Math.min(4, os.availableParallelism()))) },
    /** Extra unmarked clips that are only encoded and searched: a larger null set for false positives, cheaply. */
    null: { type: 'string', default: '0' },
    /** Only these kinds of content (comma-separated), e.g. `texture` to look at the hardest case alone. */
    kinds: { type: 'string' },
    keep: { type: 'boolean', default: false },
    cell: { type: 'string' },
    cells: { type: 'string' },
    base: { type: 'string' },
    gain: { type: 'string' },
    mse: { type: 'string' },
    max: { type: 'string' },
    /** Share of the picture's own interference with each bit that the embedder cancels (0 turns informed embedding off). */
    cancel: { type: 'string' },
  },
});

/** mulberry32: a small seeded PRNG so a run can be repeated exactly. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const layout = watermarkLayout(undefined, {
  ...(values.cell ? { cell: Number(values.cell) } : {}),
  ...(values.cells ? { cells: Number(values.cells) } : {}),
});
const embed: EmbedOptions = {
  ...(values.base ? { baseStrength: Number(values.base) } : {}),
  ...(values.gain ? { textureGain: Number(values.gain) } : {}),
  ...(values.mse ? { maxMse: Number(values.mse) } : {}),
  ...(values.max ? { maxStrength: Number(values.max) } : {}),
  ...(values.cancel ? { cancelHost: Number(values.cancel) } : {}),
};

type Kind = 'texture' | 'gradient' | 'shapes' | 'mixed';
const ALL_KINDS: Kind[] = ['texture', 'gradient', 'shapes', 'mixed'];
const KINDS: Kind[] = values.kinds ? ALL_KINDS.filter((kind) => values.kinds!.split(',').includes(kind)) : ALL_KINDS;
if (!KINDS.length) throw new Error(`bench:watermark: --kinds ${values.kinds} names none of ${ALL_KINDS.join(', ')}`);

interface ClipSpec {
  index: number;
  kind: Kind;
  width: number;
  height: number;
  frames: number;
  seed: number;
}

/** Smooth value noise: a coarse random lattice, bilinearly interpolated and summed over octaves. */
function valueNoise(random: () => number, width: number, height: number, cell: number): (x: number, y: number) => number {
  const gw = Math.ceil(width / cell) + 3;
  const gh = Math.ceil(height / cell) + 3;
  const grid = Float32Array.from({ length: gw * gh }, () => random());
  return (x, y) => {
    const fx = ((x / cell) % (gw - 1) + (gw - 1)) % (gw - 1);
    const fy = ((y / cell) % (gh - 1) + (gh - 1)) % (gh - 1);
    const x0 = Math.floor(fx);
    const y0 = Math.floor(fy);
    const tx = fx - x0;
    const ty = fy - y0;
    const g = (i: number, j: number) => grid[Math.min(gh - 1, j) * gw + Math.min(gw - 1, i)]!;
    return (g(x0, y0) * (1 - tx) + g(x0 + 1, y0) * tx) * (1 - ty) + (g(x0, y0 + 1) * (1 - tx) + g(x0 + 1, y0 + 1) * tx) * ty;
  };
}

function clipFrames(spec: ClipSpec): (t: number) => Uint8Array {
  const random = prng(spec.seed);
  const { width, height } = spec;
  const scale = width / 320;
  const octaves = [valueNoise(random, width, height, 40 * scale), valueNoise(random, width, height, 12 * scale), valueNoise(random, width, height, 4 * scale)];
  const tint = [0.6 + 0.4 * random(), 0.6 + 0.4 * random(), 0.6 + 0.4 * random()];
  const vx = (random() - 0.5) * 6 * scale;
  const vy = (random() - 0.5) * 4 * scale;
  const angle = random() * Math.PI * 2;
  const shapes = Array.from({ length: 3 + Math.floor(random() * 4) }, () => ({
    x: random() * width,
    y: random() * height,
    r: (10 + random() * 40) * scale,
    dx: (random() - 0.5) * 10 * scale,
    dy: (random() - 0.5) * 10 * scale,
    color: [random() * 255, random() * 255, random() * 255],
    square: random() < 0.5,
  }));
  const grain = 2 + random() * 6;
  return (t) => {
    const frame = new Uint8Array(width * height * 3);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        let value: number;
        const px = x + vx * t;
        const py = y + vy * t;
        if (spec.kind === 'texture') value = 255 * (0.5 * octaves[0]!(px, py) + 0.3 * octaves[1]!(px, py) + 0.2 * octaves[2]!(px, py));
        else if (spec.kind === 'gradient') value = 40 + 170 * (0.5 + 0.5 * Math.sin((x * Math.cos(angle) + y * Math.sin(angle)) / (width * 0.7) * Math.PI + t * 0.05));
        else if (spec.kind === 'shapes') value = 30 + 40 * (y / height);
        else value = 60 + 120 * octaves[0]!(px, py) + (random() - 0.5) * grain * 2;
        const o = (y * width + x) * 3;
        frame[o] = value * tint[0]!;
        frame[o + 1] = value * tint[1]!;
        frame[o + 2] = value * tint[2]!;
      }
    }
    if (spec.kind === 'shapes' || spec.kind === 'mixed') {
      for (const s of shapes) {
        const cx = s.x + s.dx * t;
        const cy = s.y + s.dy * t;
        for (let y = Math.max(0, Math.floor(cy - s.r)); y < Math.min(height, Math.ceil(cy + s.r)); y++) {
          for (let x = Math.max(0, Math.floor(cx - s.r)); x < Math.min(width, Math.ceil(cx + s.r)); x++) {
            if (!s.square && (x - cx) ** 2 + (y - cy) ** 2 > s.r * s.r) continue;
            const o = (y * width + x) * 3;
            frame[o] = s.color[0]!;
            frame[o + 1] = s.color[1]!;
            frame[o + 2] = s.color[2]!;
          }
        }
      }
    }
    return frame;
  };
}

type Attack = 'none' | 'crf28' | 'scale50' | 'crop10';
const ATTACKS: Attack[] = ['none', 'crf28', 'scale50', 'crop10'];

async function attack(tools: MediaTools, input: string, output: string, kind: Attack, random: () => number): Promise<void> {
  let filters: string[] = [];
  let crf = '23';
  if (kind === 'crf28') crf = '28';
  if (kind === 'scale50') filters = ['-vf', 'scale=trunc(iw/4)*2:trunc(ih/4)*2'];
  if (kind === 'crop10') {
    // 90 % of each side at a random offset inside the frame.
    const fx = random().toFixed(3);
    const fy = random().toFixed(3);
    filters = ['-vf', `crop=trunc(iw*0.45)*2:trunc(ih*0.45)*2:trunc((iw-trunc(iw*0.45)*2)*${fx}):trunc((ih-trunc(ih*0.45)*2)*${fy})`];
  }
  await runTool(tools.ffmpeg, ['-hide_banner', '-nostdin', '-v', 'error', '-y', '-i', input, ...filters, '-c:v', 'libx264', '-preset', 'medium', '-crf', crf, '-pix_fmt', 'yuv420p', output], `attack ${kind}`);
}

interface ClipResult {
  spec: ClipSpec;
  psnr: number;
  null: WatermarkVerdict;
  attacks: Record<Attack, { verdict: WatermarkVerdict; correct: boolean }>;
  seconds: number;
}

/** An unmarked clip alone: encoded like the others and searched, for the null set. */
async function runNullClip(tools: MediaTools, dir: string, spec: ClipSpec): Promise<WatermarkVerdict> {
  const original = path.join(dir, `null-${spec.index}.mp4`);
  const encoder = await createVideoEncoder({ tools, width: spec.width, height: spec.height, fps: 24, outPath: original, preset: 'veryfast' });
  const frame = clipFrames(spec);
  for (let t = 0; t < spec.frames; t++) await encoder.writeFrame(frame(t));
  await encoder.finish();
  const verdict = await detectVideoWatermark(original, { tools, layout });
  if (!values.keep) await rm(dir, { recursive: true, force: true });
  return verdict;
}

async function runClip(tools: MediaTools, dir: string, spec: ClipSpec): Promise<ClipResult> {
  const started = performance.now();
  const random = prng(spec.seed ^ 0x9e3779b9);
  const base = path.join(dir, `clip-${spec.index}`);
  const original = `${base}-original.mp4`;
  const encoder = await createVideoEncoder({ tools, width: spec.width, height: spec.height, fps: 24, outPath: original, preset: 'veryfast' });
  const frame = clipFrames(spec);
  for (let t = 0; t < spec.frames; t++) await encoder.writeFrame(frame(t));
  await encoder.finish();
  const payload = { installId: Math.floor(random() * 0x1000000), exportId: Math.floor(random() * 0x1000000) };
  const marked = `${base}-marked.mp4`;
  const { psnr } = await markVideo({ tools, inPath: original, outPath: marked, payload, preset: 'veryfast', layout, embed });
  const nullVerdict = await detectVideoWatermark(original, { tools, layout });
  const attacks = {} as ClipResult['attacks'];
  for (const kind of ATTACKS) {
    const file = kind === 'none' ? marked : `${base}-${kind}.mp4`;
    if (kind !== 'none') await attack(tools, marked, file, kind, random);
    const verdict = await detectVideoWatermark(file, { tools, layout });
    const correct = verdict.found && verdict.payload?.installId === payload.installId && verdict.payload.exportId === payload.exportId;
    attacks[kind] = { verdict, correct };
  }
  if (!values.keep) await rm(dir, { recursive: true, force: true });
  return { spec, psnr, null: nullVerdict, attacks, seconds: (performance.now() - started) / 1000 };
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))] ?? NaN;
}

const tools = await locateMediaTools({ env: process.env });
const clipCount = Number(values.clips);
const largeCount = Number(values.large);
const seed = Number(values.seed);
const random = prng(seed);
const nullCount = Number(values.null);
const specs: ClipSpec[] = [];
for (let i = 0; i < clipCount + largeCount; i++) {
  const large = i >= clipCount;
  const [width, height] = large ? [1920, 1080] : random() < 0.5 ? [256, 256] : [320, 180];
  specs.push({ index: i, kind: KINDS[i % KINDS.length]!, width, height, frames: 16 + Math.floor(random() * 9), seed: Math.floor(random() * 2 ** 31) });
}
// The null-only clips come from their own stream, so adding them leaves the marked clips of a seed as they were.
const nullRandom = prng(seed ^ 0x5bd1e995);
const nullSpecs: ClipSpec[] = [];
for (let i = 0; i < nullCount; i++) {
  const [width, height] = nullRandom() < 0.5 ? [256, 256] : [320, 180];
  nullSpecs.push({ index: specs.length + i, kind: KINDS[i % KINDS.length]!, width, height, frames: 16 + Math.floor(nullRandom() * 9), seed: Math.floor(nullRandom() * 2 ** 31) });
}

const root = await mkdtemp(path.join(os.tmpdir(), 'scenecast-bench-wm-'));
const results: ClipResult[] = [];
const nullOnly: Array<{ spec: ClipSpec; verdict: WatermarkVerdict }> = [];
const started = performance.now();
let next = 0;
let nextNull = 0;
async function worker(): Promise<void> {
  while (nextNull < nullSpecs.length) {
    const spec = nullSpecs[nextNull++]!;
    const dir = path.join(root, String(spec.index));
    await (await import('node:fs/promises')).mkdir(dir);
    const verdict = await runNullClip(tools, dir, spec);
    nullOnly.push({ spec, verdict });
    process.stderr.write(`[null ${nullOnly.length}/${nullSpecs.length}] ${spec.kind} ${spec.width}x${spec.height}x${spec.frames} score ${verdict.score.toFixed(2)}${verdict.crcPassed ? ' crc' : ''}${verdict.found ? ' FALSE POSITIVE' : ''}\n`);
  }
  while (next < specs.length) {
    const spec = specs[next++]!;
    const dir = path.join(root, String(spec.index));
    await (await import('node:fs/promises')).mkdir(dir);
    const result = await runClip(tools, dir, spec);
    results.push(result);
    const line = ATTACKS.map((a) => `${a} ${result.attacks[a].correct ? 'ok' : result.attacks[a].verdict.found ? 'WRONG' : 'MISS'} ${result.attacks[a].verdict.score.toFixed(1)}/${result.attacks[a].verdict.flippedBits}`).join('  ');
    process.stderr.write(`[${results.length}/${specs.length}] ${spec.kind} ${spec.width}x${spec.height}x${spec.frames} psnr ${result.psnr.toFixed(1)}  ${line}  null ${result.null.score.toFixed(1)}${result.null.found ? ' FALSE POSITIVE' : ''}  ${result.seconds.toFixed(1)} s\n`);
  }
}
try {
  await Promise.all(Array.from({ length: Number(values.concurrency) }, worker));
} finally {
  if (values.keep) process.stderr.write(`clips kept in ${root}\n`);
  else await rm(root, { recursive: true, force: true });
}
const wall = (performance.now() - started) / 1000;

const out: string[] = [];
out.push(`bench:watermark — ${clipCount} small clips (256×256 / 320×180) + ${largeCount} at 1920×1080, 16–24 frames, seed ${seed}${nullCount ? `; + ${nullCount} unmarked-only clips` : ''}${values.kinds ? `; kinds ${KINDS.join(', ')}` : ''}; ${tools.version.split(' Copyright')[0]}; ${os.availableParallelism()} cores, ${os.cpus()[0]?.model ?? ''}; ${wall.toFixed(0)} s`);
out.push('');
out.push('attack                                  detected    (≤ 8 flips only) rate     min score  median score');
const labels: Record<Attack, string> = {
  none: 'marked, no attack (CRF 18)',
  crf28: 're-encode x264 CRF 28',
  scale50: 'downscale 50 % (then CRF 23)',
  crop10: 'crop to 90 % at random offset (CRF 23)',
};
for (const kind of ATTACKS) {
  const hits = results.filter((r) => r.attacks[kind].correct).length;
  const scores = results.map((r) => r.attacks[kind].verdict.score);
  // What the single tier (≤ 8 flips at score ≥ 8) alone accepts: the detector before the higher tiers.
  const firstTier = ACCEPTANCE_TIERS[0]!;
  const singleTier = results.filter((r) => r.attacks[kind].correct && r.attacks[kind].verdict.flippedBits <= firstTier.maxFlips).length;
  out.push(`${labels[kind].padEnd(40)}${`${hits}/${results.length}`.padEnd(12)}${`(${singleTier} at ≤ ${firstTier.maxFlips} flips)`.padEnd(17)}${((100 * hits) / results.length).toFixed(1).padStart(5)} %  ${quantile(scores, 0).toFixed(1).padStart(9)}  ${quantile(scores, 0.5).toFixed(1).padStart(12)}`);
}
const nullVerdicts = [...results.map((r) => r.null), ...nullOnly.map((n) => n.verdict)];
const nullScores = nullVerdicts.map((v) => v.score);
const falsePositives = nullVerdicts.filter((v) => v.found).length;
const crcPasses = nullVerdicts.filter((v) => v.crcPassed).length;
out.push(`${'unmarked clips: false positives'.padEnd(40)}${`${falsePositives}/${nullVerdicts.length}`.padEnd(29)}${((100 * falsePositives) / Math.max(1, nullVerdicts.length)).toFixed(1).padStart(5)} %`);
out.push('');
out.push(`null score (${nullVerdicts.length} unmarked clips): max ${Math.max(...nullScores).toFixed(2)}, 99th pct ${quantile(nullScores, 0.99).toFixed(2)}, median ${quantile(nullScores, 0.5).toFixed(2)}; unmarked payloads passing the CRC: ${crcPasses}`);
const attacked = results.flatMap((r) => ATTACKS.map((a) => r.attacks[a].verdict.score));
out.push(`null clips scoring ≥ 6: ${nullScores.filter((s) => s >= 6).length}, ≥ 7: ${nullScores.filter((s) => s >= 7).length}, ${ACCEPTANCE_TIERS.map((t) => `≥ ${t.threshold}: ${nullScores.filter((s) => s >= t.threshold).length}`).join(', ')}`);
// The best score of an unmarked clip is a maximum over many offsets: fit a Gumbel law (method of moments) to estimate
// the tail the run is too small to count, then each tier's false-positive chance P(score ≥ T) × 2^flips / 2¹⁶.
const nullMean = nullScores.reduce((a, b) => a + b, 0) / Math.max(1, nullScores.length);
const nullSd = Math.sqrt(nullScores.reduce((a, b) => a + (b - nullMean) ** 2, 0) / Math.max(1, nullScores.length - 1));
const beta = (nullSd * Math.sqrt(6)) / Math.PI;
const mu = nullMean - 0.5772 * beta;
const tail = (t: number) => -Math.expm1(-Math.exp(-(t - mu) / beta));
const perTier = ACCEPTANCE_TIERS.map((t) => ({ ...t, chance: tail(t.threshold) * Math.min(1, 2 ** t.maxFlips / 2 ** 16) }));
const perClip = perTier.reduce((sum, t) => sum + t.chance, 0);
out.push(`Gumbel fit of the null scores: μ ${mu.toFixed(2)}, β ${beta.toFixed(3)}; estimated false-positive chance per clip ${perTier.map((t) => `${t.maxFlips} flips @ ${t.threshold}: ${t.chance.toExponential(1)}`).join(', ')}; total ${perClip.toExponential(1)} (${(1000 * perClip).toFixed(3)} expected in 1000 clips)`);
if (attacked.length) out.push(`margin: lowest marked score ${Math.min(...attacked).toFixed(2)} vs highest unmarked ${Math.max(...nullScores).toFixed(2)}`);
const detections = results.flatMap((r) => ATTACKS.filter((a) => r.attacks[a].correct).map((a) => r.attacks[a].verdict));
const wrongPayloads = results.flatMap((r) => ATTACKS.filter((a) => r.attacks[a].verdict.found && !r.attacks[a].correct)).length;
if (detections.length) {
  const bands = ACCEPTANCE_TIERS.map((t, i) => ({ from: i ? ACCEPTANCE_TIERS[i - 1]!.maxFlips + 1 : 0, to: t.maxFlips }));
  out.push(`detections by bits flipped: ${bands.map((b) => `${b.from}–${b.to}: ${detections.filter((v) => v.flippedBits >= b.from && v.flippedBits <= b.to).length}`).join(', ')}; found with a wrong payload: ${wrongPayloads}`);
}
const psnrs = results.map((r) => r.psnr);
if (psnrs.length) out.push(`PSNR of marking (luma, before encoding): min ${Math.min(...psnrs).toFixed(2)} dB, median ${quantile(psnrs, 0.5).toFixed(2)} dB`);
for (const kind of KINDS) {
  const group = results.filter((r) => r.spec.kind === kind);
  if (!group.length) continue;
  out.push(`  ${kind.padEnd(9)} ${group.length} clips: PSNR median ${quantile(group.map((r) => r.psnr), 0.5).toFixed(2)} dB; misses ${ATTACKS.map((a) => `${a} ${group.filter((r) => !r.attacks[a].correct).length}`).join(', ')}`);
}
process.stdout.write(`${out.join('\n')}\n`);
