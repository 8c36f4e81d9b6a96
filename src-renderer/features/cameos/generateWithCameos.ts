import type { CameoPlacement } from '../../../src-shared/cameo/placement';
import { placementBoxTrack } from '../../../src-shared/cameo/stage';
import type { GenerationRequest } from '../../../src-shared/generation';
import type { EngineClient } from '../../app/trpc';
import { shotCameraFor } from './overlayBoxes';

/** What a scene's placements send the model: each cameo with its box track, projected frame by frame from the stage. */
export function cameoTracks(placements: readonly CameoPlacement[], shotAspect: number, frames: number) {
  return placements.map((p) => ({ cameoId: p.cameoId, track: placementBoxTrack(p.keyframes, shotCameraFor(shotAspect), p.refAspect, Math.max(1, Math.min(256, frames))) }));
}

/**
 * Queues a take of a scene with its placed cameos through `cameos.generate` (the engine checks consent and the owners'
 * restrictions, and adds their instructions), rendering into the project like `takes.enqueue`.
 */
export async function enqueueWithCameos(client: EngineClient, dir: string, request: Omit<GenerationRequest, 'cameos'>, placements: readonly CameoPlacement[], shotAspect: number, frames: number) {
  const { job, renderPath } = await client.cameos.generate.mutate({ dir, request, cameos: cameoTracks(placements, shotAspect, frames) });
  if (!renderPath) throw new Error('the engine did not say where the take renders');
  const { packs } = await client.models.list.query();
  const pack = packs.find((p) => p.id === job.settings.packId);
  return { job, renderPath, modelPack: { id: job.settings.packId, version: pack?.version ?? 'unknown' } };
}
