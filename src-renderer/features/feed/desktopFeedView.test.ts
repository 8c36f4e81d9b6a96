import { describe, expect, it } from 'vitest';
import { placementFor } from './desktopFeedView';

describe('desktop feed view placement', () => {
  const slot = { x: 1100.5, y: 320, width: 339.5, height: 580 };
  it('puts the view over the laid-out slot', () => {
    expect(placementFor(slot, false, 3)).toEqual({ rect: { x: 1100.5, y: 320, width: 339.5, height: 580 }, loadKey: 3 });
  });
  it('hides it while a dialog is open (the native view would cover it) or the slot is collapsed', () => {
    expect(placementFor(slot, true, 3)).toEqual({ rect: null, loadKey: 3 });
    expect(placementFor({ ...slot, height: 0 }, false, 3)).toEqual({ rect: null, loadKey: 3 });
    expect(placementFor(null, false, 0)).toEqual({ rect: null, loadKey: 0 });
  });
  it('sends only the four numbers, whatever else the DOMRect carries', () => {
    const rect = { ...slot, top: 320, left: 1100.5, right: 1440, bottom: 900, toJSON: () => ({}) };
    expect(Object.keys(placementFor(rect, false, 1).rect!).sort()).toEqual(['height', 'width', 'x', 'y']);
  });
});
