import { PerspectiveCamera, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { boxAt, boxTrackSchema } from './boxTrack';
import { billboardBox, clampBox, MIN_BOX, placementBoxTrack, projectPoint, stageAt, type ShotCamera } from './stage';

const camera: ShotCamera = { height: 1.6, fovYDeg: 50, aspect: 16 / 9 };

describe('placement stage geometry', () => {
  it('projects stage points exactly as three.js does with the same camera', () => {
    const three = new PerspectiveCamera(camera.fovYDeg, camera.aspect, 0.1, 1000);
    three.position.set(0, camera.height, 0);
    three.updateMatrixWorld();
    for (const [x, y, depth] of [[0, 0, 4], [1.2, 1.7, 6.5], [-3, 0.2, 12], [0.4, 3, 2]] as const) {
      const ndc = new Vector3(x, y, -depth).project(three);
      const { u, v } = projectPoint(camera, x, y, depth);
      expect(u).toBeCloseTo((ndc.x + 1) / 2, 9);
      expect(v).toBeCloseTo((1 - ndc.y) / 2, 9);
    }
  });

  it('puts a billboard on the axis in the middle, feet below the horizon; twice as far is half as big', () => {
    const near = billboardBox(camera, { x: 0, depth: 4, scale: 1.8 }, 0.75);
    const far = billboardBox(camera, { x: 0, depth: 8, scale: 1.8 }, 0.75);
    expect(near.x + near.w / 2).toBeCloseTo(0.5, 12);
    expect(near.y + near.h).toBeGreaterThan(0.5);
    expect(far.w).toBeCloseTo(near.w / 2, 12);
    expect(far.h).toBeCloseTo(near.h / 2, 12);
    // Width over height in the frame is the reference's aspect over the frame's.
    expect(near.w / near.h).toBeCloseTo(0.75 / camera.aspect, 12);
  });

  it('interpolates keyframes over time and holds the ends', () => {
    const keys = [
      { t: 0.8, x: 2, depth: 8, scale: 2 },
      { t: 0.2, x: -2, depth: 4, scale: 1 },
    ];
    expect(stageAt(keys, 0)).toEqual({ x: -2, depth: 4, scale: 1 });
    const middle = stageAt(keys, 0.5);
    expect(middle.x).toBeCloseTo(0, 12);
    expect(middle.depth).toBeCloseTo(6, 12);
    expect(middle.scale).toBeCloseTo(1.5, 12);
    expect(stageAt(keys, 1)).toEqual({ x: 2, depth: 8, scale: 2 });
    expect(() => stageAt([], 0)).toThrow(/at least one keyframe/);
  });

  it('clamps a box to the frame and keeps a sliver of one that left it', () => {
    expect(clampBox({ x: -0.2, y: 0.5, w: 0.4, h: 0.8 })).toEqual({ x: 0, y: 0.5, w: 0.2, h: 0.5, visible: true });
    const gone = clampBox({ x: 1.3, y: 0.2, w: 0.2, h: 0.3 });
    expect(gone).toMatchObject({ w: MIN_BOX, visible: false });
    expect(gone.x + gone.w).toBeLessThanOrEqual(1);
  });

  it('makes a valid box track, one keyframe a frame, each the projection at that frame’s time', () => {
    const keys = [
      { t: 0, x: -1.5, depth: 6, scale: 1.7 },
      { t: 1, x: 1.5, depth: 3, scale: 1.7 },
    ];
    const track = placementBoxTrack(keys, camera, 0.75, 49);
    expect(boxTrackSchema.safeParse(track).success).toBe(true);
    expect(track).toHaveLength(49);
    // Frame 12 of 49 is t = 0.25: its box is the billboard at t = 0.25, not a blend of the end boxes.
    const quarter = clampBox(billboardBox(camera, stageAt(keys, 0.25), 0.75));
    expect(boxAt(track, 0.25)).toEqual({ x: quarter.x, y: quarter.y, w: quarter.w, h: quarter.h });
    const blend = (boxAt(track, 0).w + boxAt(track, 1).w) / 2;
    expect(Math.abs(boxAt(track, 0.5).w - blend)).toBeGreaterThan(0.005);
    // Long clips are sampled at most 256 times.
    expect(placementBoxTrack(keys, camera, 0.75, 1000)).toHaveLength(256);
    expect(() => placementBoxTrack(keys, camera, 0.75, 0)).toThrow(RangeError);
    expect(() => placementBoxTrack(keys, camera, 0, 10)).toThrow(/aspect/);
  });
});
