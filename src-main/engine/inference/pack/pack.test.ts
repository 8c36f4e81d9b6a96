import { rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFixturePack, FIXTURE_PACK_DIR, makeTempDir, removeTempDirs } from '../../testing/fixturePack.js';
import { ModelPackError } from './errors.js';
import type { PackManifest } from './manifest.js';
import { openModelPack } from './open.js';
import { readModelPack } from './read.js';

const cpu = { executionProvider: 'cpu', cpuThreads: 1 } as const;

let root: string;
let counter = 0;

beforeAll(async () => {
  root = await makeTempDir('packs');
});
afterAll(removeTempDirs);

/** A copy of the fixture with an edited manifest. */
const broken = (edit: (m: PackManifest) => void) => copyFixturePack(root, `pack-${++counter}`, edit);

async function packError(load: Promise<unknown>): Promise<ModelPackError> {
  const error = await load.then(
    (value) => {
      if (value && typeof value === 'object' && 'sessions' in value) {
        void Promise.all(Object.values((value as { sessions: Record<string, { release(): Promise<void> }> }).sessions).map((s) => s.release()));
      }
      return null;
    },
    (e: unknown) => e,
  );
  expect(error, 'the pack was accepted').toBeInstanceOf(ModelPackError);
  return error as ModelPackError;
}

describe('the fixture pack', () => {
  it('opens on CPU with all three sessions and its tokenizer', async () => {
    const pack = await openModelPack(FIXTURE_PACK_DIR, cpu);
    try {
      expect(pack.executionProvider).toBe('cpu');
      expect(pack.skippedProviders).toEqual([]);
      expect(pack.manifest.id).toBe('test-fixture-tiny');
      expect(pack.sessions.denoiser.inputNames).toEqual(expect.arrayContaining(['latents', 'timestep', 'context']));
      expect(pack.sessions.vaeDecoder.outputNames).toEqual(['frames']);
      const tokens = await pack.tokenizer.encode('a red ball');
      expect(tokens.inputIds).toHaveLength(16);
      expect(Array.from(tokens.attentionMask).filter((v) => v === 1n).length).toBeGreaterThan(0);
    } finally {
      await Promise.all(Object.values(pack.sessions).map((s) => s.release()));
    }
  });
});

describe('readModelPack refuses a malformed manifest, naming file and field', () => {
  it('missing manifest.json', async () => {
    const dir = await copyFixturePack(root, 'no-manifest');
    await rm(path.join(dir, 'manifest.json'));
    const e = await packError(readModelPack(dir));
    expect(e.file).toBe('manifest.json');
    expect(e.message).toContain(dir);
    expect(e.message).toMatch(/manifest\.json: is missing/);
  });

  it('a folder that does not exist', async () => {
    const e = await packError(readModelPack(path.join(root, 'nowhere')));
    expect(e.message).toMatch(/does not exist/);
  });

  it('invalid JSON', async () => {
    const dir = await copyFixturePack(root, 'bad-json');
    await writeFile(path.join(dir, 'manifest.json'), '{ "format": "scenecast-model-pack", ');
    const e = await packError(readModelPack(dir));
    expect(e.file).toBe('manifest.json');
    expect(e.message).toMatch(/manifest\.json: is not valid JSON/);
  });

  it('an unknown formatVersion', async () => {
    const e = await packError(readModelPack(await broken((m) => (m.formatVersion = 2 as never))));
    expect(e.field).toBe('formatVersion');
    expect(e.message).toMatch(/manifest\.json: formatVersion: /);
  });

  it('an unknown scheduler kind', async () => {
    const e = await packError(readModelPack(await broken((m) => (m.scheduler.kind = 'ddim' as never))));
    expect([e.file, e.field]).toEqual(['manifest.json', 'scheduler.kind']);
    expect(e.message).toMatch(/flow-unipc/);
  });

  it('an unknown field (typo) anywhere in the manifest', async () => {
    const e = await packError(readModelPack(await broken((m) => Object.assign(m.latent, { chanels: 4 }))));
    expect(e.field).toBe('latent');
    expect(e.message).toContain("'chanels'");
  });

  it('a missing required field', async () => {
    const e = await packError(readModelPack(await broken((m) => delete (m.video as Partial<PackManifest['video']>).fps)));
    expect(e.field).toBe('video.fps');
    expect(e.message).toMatch(/is required/);
  });

  it('a component file that is not in the pack', async () => {
    const dir = await copyFixturePack(root, 'no-denoiser');
    await rm(path.join(dir, 'denoiser.onnx'));
    const e = await packError(readModelPack(dir));
    expect([e.file, e.field]).toEqual(['manifest.json', 'components.denoiser.file']);
    expect(e.message).toContain("'denoiser.onnx', which does not exist");
  });

  it("a file with '..' or an absolute path", async () => {
    const dotdot = await packError(readModelPack(await broken((m) => (m.components.vaeDecoder.file = '../tiny-pack/vae_decoder.onnx'))));
    expect(dotdot.field).toBe('components.vaeDecoder.file');
    expect(dotdot.message).toMatch(/'\.\.'/);
    const absolute = await packError(readModelPack(await broken((m) => (m.tokenizer.file = path.join(FIXTURE_PACK_DIR, 'tokenizer.json')))));
    expect(absolute.field).toBe('tokenizer.file');
    expect(absolute.message).toMatch(/relative to the pack folder/);
  });

  it('a symlink that leads outside the pack folder', async () => {
    const dir = await copyFixturePack(root, 'escape');
    await rm(path.join(dir, 'text_encoder.onnx'));
    await symlink(path.join(FIXTURE_PACK_DIR, 'text_encoder.onnx'), path.join(dir, 'text_encoder.onnx'));
    const e = await packError(readModelPack(dir));
    expect(e.field).toBe('components.textEncoder.file');
    expect(e.message).toMatch(/resolves outside the pack folder/);
  });

  it('sizes that are not a multiple of latent.spatialCompression', async () => {
    const e = await packError(readModelPack(await broken((m) => m.video.sizes.push({ width: 100, height: 64 }))));
    expect(e.field).toBe('video.sizes[2]');
    expect(e.message).toMatch(/100×64 is not a multiple of latent\.spatialCompression 8/);
  });

  it('a frame range that breaks the temporal compression rule', async () => {
    const e = await packError(readModelPack(await broken((m) => (m.video.frames.max = 32))));
    expect(e.field).toBe('video.frames.max');
  });

  it('latent shapes that disagree with latent.channels', async () => {
    const e = await packError(readModelPack(await broken((m) => (m.components.denoiser.inputs.latents.shape[1] = 8))));
    expect(e.field).toBe('components.denoiser.inputs.latents.shape');
    expect(e.message).toMatch(/latent\.channels is 4/);
  });
});

describe('the optional audio decoder (video → sound)', () => {
  it('a pack without one is still valid, and opens without an audio session', async () => {
    const dir = await broken((m) => {
      delete m.components.audioDecoder;
      delete m.audio;
    });
    await rm(path.join(dir, 'audio_decoder.onnx'));
    const pack = await openModelPack(dir, cpu);
    expect(pack.sessions.audioDecoder).toBeUndefined();
    await Promise.all(Object.values(pack.sessions).map((s) => s.release()));
  });

  it('audioDecoder without the audio section, and audio without the component', async () => {
    const noAudio = await packError(readModelPack(await broken((m) => delete m.audio)));
    expect(noAudio.field).toBe('audio');
    expect(noAudio.message).toMatch(/required when components\.audioDecoder is present/);
    const noComponent = await packError(readModelPack(await broken((m) => delete m.components.audioDecoder)));
    expect(noComponent.field).toBe('components.audioDecoder');
  });

  it('a sample rate that is not a whole number of samples per frame', async () => {
    const e = await packError(readModelPack(await broken((m) => (m.audio!.sampleRate = 11025))));
    expect(e.field).toBe('audio.sampleRate');
    expect(e.message).toMatch(/whole number of samples per video frame/);
  });

  it('a waveform that is not [batch, audio_samples]', async () => {
    const e = await packError(readModelPack(await broken((m) => (m.components.audioDecoder!.outputs.waveform.shape = ['batch', 'frames']))));
    expect(e.field).toBe('components.audioDecoder.outputs.waveform.shape');
  });

  it('an audio decoder file missing from the pack', async () => {
    const dir = await copyFixturePack(root, 'no-audio-file');
    await rm(path.join(dir, 'audio_decoder.onnx'));
    const e = await packError(readModelPack(dir));
    expect(e.field).toBe('components.audioDecoder.file');
  });
});

describe('openModelPack checks the manifest against the ONNX files', () => {
  it('a declared input name that the ONNX graph does not have', async () => {
    const e = await packError(openModelPack(await broken((m) => (m.components.denoiser.inputs.latents.name = 'noisy_latents')), cpu));
    expect([e.file, e.field]).toEqual(['manifest.json', 'components.denoiser.inputs.latents.name']);
    expect(e.message).toContain("'noisy_latents' is not an input of denoiser.onnx");
    expect(e.message).toContain("'latents'");
  });

  it('an output name that the ONNX graph does not have', async () => {
    const e = await packError(openModelPack(await broken((m) => (m.components.vaeDecoder.outputs.frames.name = 'pixels')), cpu));
    expect(e.field).toBe('components.vaeDecoder.outputs.frames.name');
    expect(e.message).toContain('vae_decoder.onnx');
  });

  it('a dtype mismatch (int32 declared for int64 input_ids)', async () => {
    const e = await packError(openModelPack(await broken((m) => (m.components.textEncoder.inputs.inputIds.dtype = 'int32')), cpu));
    expect(e.field).toBe('components.textEncoder.inputs.inputIds.dtype');
    expect(e.message).toContain("is int32, text_encoder.onnx 'input_ids' is int64");
  });

  it('a shape mismatch (context dim 64 declared, 32 in the ONNX graph)', async () => {
    const e = await packError(openModelPack(await broken((m) => (m.components.denoiser.inputs.context.shape[2] = 64)), cpu));
    expect(e.field).toBe('components.denoiser.inputs.context.shape[2]');
    expect(e.message).toContain("is 64, denoiser.onnx 'context' has 32");
  });

  it('a rank mismatch', async () => {
    const e = await packError(openModelPack(await broken((m) => (m.components.denoiser.inputs.timestep.shape = ['batch', 1])), cpu));
    expect(e.field).toBe('components.denoiser.inputs.timestep.shape');
    expect(e.message).toMatch(/has rank 2, denoiser\.onnx 'timestep' has rank 1/);
  });

  it('an ONNX input that the manifest does not declare', async () => {
    const e = await packError(openModelPack(await broken((m) => delete m.components.textEncoder.inputs.attentionMask), cpu));
    expect(e.field).toBe('components.textEncoder.inputs');
    expect(e.message).toContain("text_encoder.onnx needs input 'attention_mask'");
  });

  it('a corrupt .onnx file', async () => {
    const dir = await copyFixturePack(root, 'corrupt-onnx');
    await writeFile(path.join(dir, 'vae_decoder.onnx'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 2654435761) >>> 24)));
    const e = await packError(openModelPack(dir, cpu));
    expect(e.file).toBe('vae_decoder.onnx');
    expect(e.message).toMatch(/vae_decoder\.onnx: ONNX Runtime cannot load it/);
    expect(e.message).not.toContain('\n');
  });

  it('a tokenizer.json that is not a tokenizer', async () => {
    const dir = await copyFixturePack(root, 'bad-tokenizer');
    await writeFile(path.join(dir, 'tokenizer.json'), JSON.stringify({ model: { type: 'Nonsense' } }));
    const e = await packError(openModelPack(dir, cpu));
    expect(e.file).toBe('tokenizer.json');
    expect(e.message).toMatch(/tokenizer\.json: cannot be loaded as a tokenizer\.json/);
  });
});
