import { describe, expect, it } from 'vitest';
import { composePrompt } from './presets';

describe('prompt presets', () => {
  it('appends style then camera to the scene prompt, tidying its end', () => {
    expect(composePrompt({ prompt: 'a red kite over the dunes.  ', stylePreset: 'noir', cameraPreset: 'orbit' })).toBe(
      'a red kite over the dunes, black and white film noir, hard shadows, high contrast, camera orbits around the subject',
    );
  });

  it('leaves the prompt alone without presets and ignores unknown ones', () => {
    expect(composePrompt({ prompt: 'a cube', stylePreset: null, cameraPreset: null })).toBe('a cube');
    expect(composePrompt({ prompt: 'a cube', stylePreset: 'gone-in-a-later-version', cameraPreset: 'static' })).toBe('a cube, static camera, locked-off tripod shot');
  });
});
