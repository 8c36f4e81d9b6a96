import type { Scene } from '../../../src-shared/project';

export interface Preset {
  id: string;
  label: string;
  /** Appended to the scene's prompt. */
  suffix: string;
}

export const STYLE_PRESETS: readonly Preset[] = [
  { id: 'cinematic', label: 'Cinematic', suffix: 'cinematic lighting, shallow depth of field, 35mm film grain' },
  { id: 'documentary', label: 'Documentary', suffix: 'natural light, handheld documentary footage, realistic' },
  { id: 'anime', label: 'Anime', suffix: 'anime style, clean line art, vivid colours' },
  { id: 'noir', label: 'Film noir', suffix: 'black and white film noir, hard shadows, high contrast' },
  { id: 'claymation', label: 'Claymation', suffix: 'stop-motion claymation, handmade textures' },
];

export const CAMERA_PRESETS: readonly Preset[] = [
  { id: 'static', label: 'Static', suffix: 'static camera, locked-off tripod shot' },
  { id: 'dolly-in', label: 'Dolly in', suffix: 'slow dolly in towards the subject' },
  { id: 'pan-left', label: 'Pan left', suffix: 'smooth camera pan to the left' },
  { id: 'orbit', label: 'Orbit', suffix: 'camera orbits around the subject' },
  { id: 'aerial', label: 'Aerial', suffix: 'aerial drone shot from above' },
];

const suffixOf = (presets: readonly Preset[], id: string | null) => (id ? presets.find((p) => p.id === id)?.suffix : undefined);

/** The prompt sent to the model: the scene's words, then its style and camera presets. */
export function composePrompt(scene: Pick<Scene, 'prompt' | 'stylePreset' | 'cameraPreset'>): string {
  return [scene.prompt.trim().replace(/[.,;\s]+$/, ''), suffixOf(STYLE_PRESETS, scene.stylePreset), suffixOf(CAMERA_PRESETS, scene.cameraPreset)]
    .filter((part): part is string => !!part)
    .join(', ');
}
