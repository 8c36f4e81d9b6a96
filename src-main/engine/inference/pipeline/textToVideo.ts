import * as ort from 'onnxruntime-node';
import { boxTrackCoverage, type BoxKeyframe } from '../../../../src-shared/cameo/boxTrack.js';
import type { LoadedPack } from '../pack/open.js';
import { resolveShape, videoGeometry, type VideoGeometry } from '../pack/geometry.js';
import type { TensorSpec } from '../pack/manifest.js';
import { gaussianNoise } from '../random.js';
import { createScheduler, type SchedulerKind } from '../schedulers/index.js';

export interface CameoCondition {
  /** RGB planes (3 × height × width) in [-1, 1] at the pack's `conditioning.cameo.referenceSize`. */
  reference: Float32Array;
  track: BoxKeyframe[];
}

export interface PipelineRequest {
  prompt: string;
  negativePrompt: string;
  frames: number;
  width: number;
  height: number;
  seed: number;
  steps: number;
  guidance: number;
  shift: number;
  scheduler: SchedulerKind;
  cameos: CameoCondition[];
}

export type PipelinePhase = 'text' | 'denoise' | 'decode' | 'sound';

export interface PipelineHooks {
  onProgress(phase: PipelinePhase, step: number, steps: number): void;
  /** Checked between model runs; throwing stops the job (used for cancel). */
  checkpoint(): Promise<void>;
}

export interface PipelineResult {
  geometry: VideoGeometry;
  /** Packed RGB24 frames, one Uint8Array per frame. */
  frames: Uint8Array[];
  /** The clip's sound (mono), when the pack has an audio decoder; sample 0 is at frame 0. */
  audio: { samples: Float32Array; sampleRate: number } | null;
  /** The sampled latents the decoders took, in the denoiser's latent layout (for training tools). */
  latents: Float32Array;
  /** Summed wall time inside ONNX Runtime `run()` per component, in ms. */
  ortMs: { textEncoder: number; denoiser: number; vaeDecoder: number; audioDecoder: number };
  unknownWords: string[];
}

/** Text (+ optional cameos) → frames: tokenize, encode text, sample with CFG, decode. Runs in the inference worker. */
export async function runTextToVideo(pack: LoadedPack, req: PipelineRequest, hooks: PipelineHooks): Promise<PipelineResult> {
  const { manifest, sessions } = pack;
  const g = videoGeometry(manifest, req.frames, req.width, req.height);
  const ortMs = { textEncoder: 0, denoiser: 0, vaeDecoder: 0, audioDecoder: 0 };
  const timed = async (component: keyof typeof ortMs, session: ort.InferenceSession, feeds: Record<string, ort.Tensor>) => {
    const start = performance.now();
    const out = await session.run(feeds);
    ortMs[component] += performance.now() - start;
    return out;
  };

  const useCfg = req.guidance !== 1;
  const batch = useCfg ? 2 : 1;

  // Text: conditional and unconditional (negative prompt, or empty) in one batch.
  hooks.onProgress('text', 0, 1);
  const te = manifest.components.textEncoder;
  const cond = await pack.tokenizer.encode(req.prompt);
  const uncond = useCfg ? await pack.tokenizer.encode(req.negativePrompt) : null;
  const L = pack.tokenizer.maxLength;
  const ids = new BigInt64Array(batch * L);
  const mask = new BigInt64Array(batch * L);
  ids.set(cond.inputIds, 0);
  mask.set(cond.attentionMask, 0);
  if (uncond) {
    ids.set(uncond.inputIds, L);
    mask.set(uncond.attentionMask, L);
  }
  const teFeeds: Record<string, ort.Tensor> = { [te.inputs.inputIds.name]: tensor(te.inputs.inputIds, ids, [batch, L]) };
  if (te.inputs.attentionMask) teFeeds[te.inputs.attentionMask.name] = tensor(te.inputs.attentionMask, mask, [batch, L]);
  const teOut = await timed('textEncoder', sessions.textEncoder, teFeeds);
  const context = teOut[te.outputs.context.name]!;
  hooks.onProgress('text', 1, 1);
  await hooks.checkpoint();

  // Fixed denoiser inputs for every step.
  const dn = manifest.components.denoiser;
  const fixed: Record<string, ort.Tensor> = { [dn.inputs.context.name]: context };
  if (dn.inputs.contextMask) {
    const m = new Float32Array(mask.length);
    mask.forEach((v, i) => (m[i] = Number(v)));
    fixed[dn.inputs.contextMask.name] = new ort.Tensor('float32', m, [batch, L]);
  }
  if (dn.inputs.cameoReference && dn.inputs.cameoMask) {
    const { reference, mask: cameoMask } = cameoTensors(pack, req.cameos, g, batch);
    fixed[dn.inputs.cameoReference.name] = reference;
    fixed[dn.inputs.cameoMask.name] = cameoMask;
  } else if (req.cameos.length > 0) {
    throw new Error(`model pack '${manifest.id}' has no cameo conditioning; remove the cameo or pick a pack that supports cameos`);
  }

  const latentShape = resolveShape(dn.inputs.latents.shape, g, 1);
  const latentSize = latentShape.reduce((a, b) => a * b, 1);
  let latents = gaussianNoise(req.seed, latentSize);
  const scheduler = createScheduler({
    kind: req.scheduler,
    steps: req.steps,
    shift: req.shift,
    numTrainTimesteps: manifest.scheduler.numTrainTimesteps,
  });
  const batchedShape = resolveShape(dn.inputs.latents.shape, g, batch);
  const batchedLatents = new Float32Array(latentSize * batch);
  const timestep = new Float32Array(batch);
  const guided = new Float32Array(latentSize);

  for (let i = 0; i < req.steps; i++) {
    hooks.onProgress('denoise', i, req.steps);
    batchedLatents.set(latents, 0);
    if (useCfg) batchedLatents.set(latents, latentSize);
    timestep.fill(scheduler.timesteps[i]!);
    const out = await timed('denoiser', sessions.denoiser, {
      ...fixed,
      [dn.inputs.latents.name]: new ort.Tensor('float32', batchedLatents, batchedShape),
      [dn.inputs.timestep.name]: new ort.Tensor('float32', timestep, [batch]),
    });
    const v = out[dn.outputs.velocity.name]!.data as Float32Array;
    if (useCfg) {
      const w = req.guidance;
      for (let k = 0; k < latentSize; k++) {
        const u = v[latentSize + k]!;
        guided[k] = u + w * (v[k]! - u);
      }
    } else {
      guided.set(v.subarray(0, latentSize));
    }
    latents = scheduler.step(guided, i, latents);
    await hooks.checkpoint();
  }
  hooks.onProgress('denoise', req.steps, req.steps);

  hooks.onProgress('decode', 0, 1);
  const vd = manifest.components.vaeDecoder;
  const decoded = await timed('vaeDecoder', sessions.vaeDecoder, {
    [vd.inputs.latents.name]: new ort.Tensor('float32', latents, latentShape),
  });
  const framesTensor = decoded[vd.outputs.frames.name]!;
  hooks.onProgress('decode', 1, 1);
  const frames = toRgbFrames(framesTensor, g);

  let audio: PipelineResult['audio'] = null;
  const ad = manifest.components.audioDecoder;
  if (ad && sessions.audioDecoder && manifest.audio) {
    await hooks.checkpoint();
    hooks.onProgress('sound', 0, 1);
    const out = await timed('audioDecoder', sessions.audioDecoder, {
      [ad.inputs.latents.name]: new ort.Tensor('float32', latents, latentShape),
    });
    const waveform = out[ad.outputs.waveform.name]!;
    const dims = waveform.dims as number[];
    if (dims.length !== 2 || dims[0] !== 1 || dims[1] !== g.audioSamples) {
      throw new Error(`the audio decoder returned a waveform of shape [${dims.join(',')}], expected [1,${g.audioSamples}]`);
    }
    audio = { samples: waveform.data as Float32Array, sampleRate: manifest.audio.sampleRate };
    hooks.onProgress('sound', 1, 1);
  }
  return { geometry: g, frames, audio, latents, ortMs, unknownWords: cond.unknownWords };
}

function tensor(spec: TensorSpec, data: BigInt64Array, dims: number[]): ort.Tensor {
  if (spec.dtype === 'int32') return new ort.Tensor('int32', Int32Array.from(data, (v) => Number(v)), dims);
  return new ort.Tensor('int64', data, dims);
}

function cameoTensors(pack: LoadedPack, cameos: CameoCondition[], g: VideoGeometry, batch: number) {
  const cfg = pack.manifest.conditioning.cameo!;
  if (cameos.length > cfg.maxSubjects) {
    throw new Error(`model pack '${pack.manifest.id}' takes at most ${cfg.maxSubjects} cameos per scene, got ${cameos.length}`);
  }
  const { width: rw, height: rh } = cfg.referenceSize;
  const refSize = 3 * rw * rh;
  const cells = g.latentFrames * g.latentHeight * g.latentWidth;
  const perSample = cfg.maxSubjects;
  const reference = new Float32Array(batch * perSample * refSize);
  const mask = new Float32Array(batch * perSample * cells);
  const tc = pack.manifest.latent.temporalCompression;
  // A latent frame stands for the last pixel frame it covers (frames 4j-3..4j for j ≥ 1, frame 0 for j = 0).
  const frameTime = (j: number) => (g.frames === 1 ? 0 : Math.min(g.frames - 1, j * tc) / (g.frames - 1));
  cameos.forEach((cameo, s) => {
    if (cameo.reference.length !== refSize) {
      throw new Error(`cameo ${s + 1}: reference has ${cameo.reference.length} values, the pack needs 3×${rh}×${rw}`);
    }
    const coverage = boxTrackCoverage(cameo.track, g.latentFrames, g.latentHeight, g.latentWidth, frameTime);
    for (let b = 0; b < batch; b++) {
      reference.set(cameo.reference, (b * perSample + s) * refSize);
      mask.set(coverage, (b * perSample + s) * cells);
    }
  });
  return {
    reference: new ort.Tensor('float32', reference, [batch, perSample, 3, rh, rw]),
    mask: new ort.Tensor('float32', mask, [batch, perSample, g.latentFrames, g.latentHeight, g.latentWidth]),
  };
}

/** [1, 3, F, H, W] in [-1, 1] → F packed RGB24 frames. */
function toRgbFrames(t: ort.Tensor, g: VideoGeometry): Uint8Array[] {
  const data = t.data as Float32Array;
  const [, channels, frames, height, width] = t.dims as number[];
  if (channels !== 3 || frames !== g.frames || height !== g.height || width !== g.width) {
    throw new Error(`the VAE decoder returned frames of shape [${t.dims.join(',')}], expected [1,3,${g.frames},${g.height},${g.width}]`);
  }
  const plane = height * width;
  const out: Uint8Array[] = [];
  for (let f = 0; f < frames; f++) {
    // A clamped view rounds and clamps on assignment, which is the whole conversion.
    const rgb = new Uint8ClampedArray(plane * 3);
    for (let c = 0; c < 3; c++) {
      const base = (c * frames + f) * plane;
      for (let p = 0, o = c; p < plane; p++, o += 3) rgb[o] = (data[base + p]! + 1) * 127.5;
    }
    out.push(new Uint8Array(rgb.buffer));
  }
  return out;
}
