import type { CameoPlacement } from '../../../src-shared/cameo/placement';
import { billboardBox, clampBox, DEFAULT_SHOT_CAMERA, stageAt, type ShotCamera } from '../../../src-shared/cameo/stage';

export const shotCameraFor = (aspect: number): ShotCamera => ({ ...DEFAULT_SHOT_CAMERA, aspect });

/** Where each placed cameo is in the frame at normalised time t: the same projection generation sends the model. */
export function overlayBoxes(placements: readonly CameoPlacement[], t: number, shot: ShotCamera) {
  return placements.map((p) => ({ id: p.id, label: p.label, ...clampBox(billboardBox(shot, stageAt(p.keyframes, t), p.refAspect)) }));
}
