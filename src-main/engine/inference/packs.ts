import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { ModelPackError } from './pack/errors.js';
import { readModelPack, type PackOnDisk } from './pack/read.js';

/** The pack Scenecast ships and uses unless told otherwise. */
export const DEFAULT_PACK_ID = 'scenecast-tiny';

export interface PackSummary {
  id: string;
  name: string;
  version: string;
  dir: string;
  purpose: 'model' | 'test-fixture';
  fps: number;
  sizes: Array<{ width: number; height: number }>;
  frames: { min: number; max: number };
  supportsCameos: boolean;
  defaults: { steps: number; guidance: number; shift: number; scheduler: 'flow-unipc' | 'flow-euler' };
}

export interface PackProblem {
  dir: string;
  message: string;
}

export function summarize(pack: PackOnDisk): PackSummary {
  const m = pack.manifest;
  return {
    id: m.id,
    name: m.name,
    version: m.version,
    dir: pack.dir,
    purpose: m.purpose,
    fps: m.video.fps,
    sizes: m.video.sizes,
    frames: m.video.frames,
    supportsCameos: Boolean(m.components.denoiser.inputs.cameoReference),
    defaults: { steps: m.scheduler.steps, guidance: m.scheduler.guidance, shift: m.scheduler.shift, scheduler: m.scheduler.kind },
  };
}

/**
 * Finds model packs: every folder with a manifest.json under the models folder, plus an explicitly chosen pack folder.
 * Test fixtures are never offered as models.
 */
export class PackRegistry {
  constructor(
    private readonly modelsDir: string,
    private readonly chosenPackDir: () => string,
  ) {}

  async list(): Promise<{ packs: PackOnDisk[]; problems: PackProblem[] }> {
    const dirs = new Set<string>();
    const chosen = this.chosenPackDir();
    if (chosen) dirs.add(path.resolve(chosen));
    const entries = await readdir(this.modelsDir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) if (e.isDirectory() && e.name !== 'training') dirs.add(path.join(this.modelsDir, e.name));
    const packs: PackOnDisk[] = [];
    const problems: PackProblem[] = [];
    for (const dir of dirs) {
      try {
        const pack = await readModelPack(dir);
        if (pack.manifest.purpose === 'model' || dir === path.resolve(chosen)) packs.push(pack);
      } catch (err) {
        if (err instanceof ModelPackError && err.file === 'manifest.json' && /is missing/.test(err.message) && dir !== path.resolve(chosen)) continue;
        problems.push({ dir, message: (err as Error).message });
      }
    }
    return { packs, problems };
  }

  /** The pack to generate with: `packDir` (CLI --model) → the settings' pack → the bundled default. */
  async resolve(request: { packId?: string | undefined; packDir?: string | undefined }): Promise<PackOnDisk> {
    if (request.packDir) return readModelPack(request.packDir);
    const chosen = this.chosenPackDir();
    if (!request.packId && chosen) return readModelPack(chosen);
    const { packs, problems } = await this.list();
    const wanted = request.packId ?? DEFAULT_PACK_ID;
    const found = packs.find((p) => p.manifest.id === wanted) ?? (request.packId ? undefined : packs.find((p) => p.manifest.purpose === 'model'));
    if (found) return found;
    const broken = problems.find((p) => path.basename(p.dir) === wanted);
    if (broken) throw new Error(broken.message);
    if (request.packId) throw new Error(`model pack '${request.packId}' is not installed (looked in ${this.modelsDir})`);
    throw new Error(
      `no model pack is installed: the bundled pack '${DEFAULT_PACK_ID}' is missing from ${this.modelsDir}. ` +
        'Reinstall Scenecast, or choose a pack folder in Settings (CLI: --model DIR).',
    );
  }
}
