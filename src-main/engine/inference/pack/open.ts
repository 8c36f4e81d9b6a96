import path from 'node:path';
import * as ort from 'onnxruntime-node';
import type { ExecutionProviderChoice } from '../../../../src-shared/settings.js';
import { executionProviderCandidates, type ExecutionProviderName } from '../executionProviders.js';
import { PromptTokenizer } from '../tokenizer.js';
import { ModelPackError } from './errors.js';
import type { ComponentName, PackManifest } from './manifest.js';
import { MANIFEST_FILE, readModelPack } from './read.js';
import { compareSignature } from './signature.js';

export interface LoadedPack {
  dir: string;
  manifest: PackManifest;
  tokenizer: PromptTokenizer;
  sessions: Record<Exclude<ComponentName, 'audioDecoder'>, ort.InferenceSession> & { audioDecoder?: ort.InferenceSession };
  /** The execution provider the sessions actually run on, and why others were skipped. */
  executionProvider: ExecutionProviderName;
  skippedProviders: Array<{ provider: ExecutionProviderName; reason: string }>;
}

export interface OpenOptions {
  executionProvider: ExecutionProviderChoice;
  cpuThreads: number;
}

const componentOrder: ComponentName[] = ['textEncoder', 'denoiser', 'vaeDecoder', 'audioDecoder'];

/** Loads a pack for inference: manifest, tokenizer and ONNX sessions, validating every declared tensor. */
export async function openModelPack(dirInput: string, options: OpenOptions): Promise<LoadedPack> {
  const { dir, manifest } = await readModelPack(dirInput);
  const tokenizer = await PromptTokenizer.fromFile(path.join(dir, manifest.tokenizer.file), manifest.tokenizer.maxLength).catch(
    (err: unknown) => {
      throw new ModelPackError(dirInput, manifest.tokenizer.file, null, `cannot be loaded as a tokenizer.json (${firstLine(err)})`);
    },
  );

  const skipped: LoadedPack['skippedProviders'] = [];
  for (const provider of executionProviderCandidates(options.executionProvider)) {
    const sessions: Partial<Record<ComponentName, ort.InferenceSession>> = {};
    try {
      for (const name of componentOrder) {
        if (manifest.components[name]) sessions[name] = await openSession(dirInput, dir, manifest, name, provider, options.cpuThreads);
      }
    } catch (err) {
      await Promise.all(Object.values(sessions).map((s) => s?.release()));
      if (err instanceof ModelPackError || provider === 'cpu') throw err;
      skipped.push({ provider, reason: firstLine(err) });
      continue;
    }
    return {
      dir,
      manifest,
      tokenizer,
      sessions: sessions as LoadedPack['sessions'],
      executionProvider: provider,
      skippedProviders: skipped,
    };
  }
  throw new Error('no execution provider could be initialised');
}

async function openSession(
  shown: string,
  dir: string,
  manifest: PackManifest,
  name: ComponentName,
  provider: ExecutionProviderName,
  cpuThreads: number,
): Promise<ort.InferenceSession> {
  const component = manifest.components[name]!;
  const file = component.file;
  const options: ort.InferenceSession.SessionOptions = {
    executionProviders: [provider],
    graphOptimizationLevel: 'all',
    ...(cpuThreads > 0 ? { intraOpNumThreads: cpuThreads } : {}),
  };
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(path.join(dir, file), options);
  } catch (err) {
    const message = firstLine(err);
    if (provider !== 'cpu') throw new Error(message, { cause: err });
    throw new ModelPackError(shown, file, null, `ONNX Runtime cannot load it (${message})`);
  }
  const problems = compareSignature(`components.${name}`, file, component, {
    inputs: session.inputMetadata,
    outputs: session.outputMetadata,
  });
  if (problems.length > 0) {
    await session.release();
    const [field, detail] = problems[0]!;
    throw new ModelPackError(shown, MANIFEST_FILE, field, detail);
  }
  return session;
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n').find((l) => l.trim().length > 0)?.trim() ?? 'unknown error';
}
