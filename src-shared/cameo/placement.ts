import { z } from 'zod';
import { stageKeyframeSchema } from './stage.js';

/** At most this many cameos in one scene (each its own placement): what the model pack's conditioning is trained for. */
export const MAX_CAMEOS_PER_SCENE = 2;

/**
 * A cameo placed in a scene: which library cameo, and its billboard's keyframes on the stage over the scene's clip.
 * The project keeps the cameo's id only — never its media; generation asks the engine, which checks consent again.
 */
export const cameoPlacementSchema = z.strictObject({
  id: z.string().min(1).max(128),
  sceneId: z.string().min(1).max(128),
  cameoId: z.string().regex(/^cameo_[A-Za-z0-9_-]{8,58}$/, 'not a valid cameo id'),
  /** How the cameo was called when placed ("Maya @maya.beach"), for the timeline and a cameo no longer shared. */
  label: z.string().min(1).max(128),
  /** The reference image's width / height: the billboard's shape. */
  refAspect: z.number().min(0.1).max(10),
  keyframes: z.array(stageKeyframeSchema).min(1).max(64),
});
export type CameoPlacement = z.infer<typeof cameoPlacementSchema>;
