import { createEntityAdapter, type EntityState } from '@reduxjs/toolkit';
import { CURRENT_SCHEMA_VERSION, type Asset, type Clip, type Marker, type ProjectDocument, type Scene, type Take, type Track } from '../../../src-shared/project';
import type { CameoPlacement } from '../../../src-shared/cameo/placement';
import type { SourceInfo } from '../../../src-shared/timeline';

/** The document's scalar fields; collections live in entity adapters next to it. */
export type ProjectMeta = Pick<ProjectDocument, 'id' | 'name' | 'fps' | 'width' | 'height' | 'createdAt' | 'updatedAt'>;

/** Entity adapters keep insertion order in `ids` (no sort comparer): scenes' order is the storyboard order. */
export const scenesAdapter = createEntityAdapter<Scene>();
export const takesAdapter = createEntityAdapter<Take>();
export const tracksAdapter = createEntityAdapter<Track>();
export const clipsAdapter = createEntityAdapter<Clip>();
export const assetsAdapter = createEntityAdapter<Asset>();
export const placementsAdapter = createEntityAdapter<CameoPlacement>();
export const markersAdapter = createEntityAdapter<Marker>({ sortComparer: (a, b) => a.frame - b.frame || a.id.localeCompare(b.id) });

export interface DocumentState {
  meta: ProjectMeta | null;
  scenes: EntityState<Scene, string>;
  takes: EntityState<Take, string>;
  tracks: EntityState<Track, string>;
  clips: EntityState<Clip, string>;
  markers: EntityState<Marker, string>;
  assets: EntityState<Asset, string>;
  /** Cameos placed in scenes (features/cameos). */
  placements: EntityState<CameoPlacement, string>;
}

export const emptyDocument = (): DocumentState => ({
  meta: null,
  scenes: scenesAdapter.getInitialState(),
  takes: takesAdapter.getInitialState(),
  tracks: tracksAdapter.getInitialState(),
  clips: clipsAdapter.getInitialState(),
  markers: markersAdapter.getInitialState(),
  assets: assetsAdapter.getInitialState(),
  placements: placementsAdapter.getInitialState(),
});

export function fromProjectDocument(doc: ProjectDocument): DocumentState {
  const { scenes, takes, tracks, clips, markers, assets, cameoPlacements, schemaVersion: _version, ...meta } = doc;
  return {
    meta,
    scenes: scenesAdapter.setAll(scenesAdapter.getInitialState(), scenes),
    takes: takesAdapter.setAll(takesAdapter.getInitialState(), takes),
    tracks: tracksAdapter.setAll(tracksAdapter.getInitialState(), tracks),
    clips: clipsAdapter.setAll(clipsAdapter.getInitialState(), clips),
    markers: markersAdapter.setAll(markersAdapter.getInitialState(), markers),
    assets: assetsAdapter.setAll(assetsAdapter.getInitialState(), assets),
    placements: placementsAdapter.setAll(placementsAdapter.getInitialState(), cameoPlacements ?? []),
  };
}

const all = <T>(state: EntityState<T, string>): T[] => state.ids.map((id) => state.entities[id]!);

/** The document as project.json holds it; null when no project is open. */
export function toProjectDocument(state: DocumentState, updatedAt: string): ProjectDocument | null {
  if (!state.meta) return null;
  return {
    schemaVersion: CURRENT_SCHEMA_VERSION,
    ...state.meta,
    updatedAt,
    scenes: all(state.scenes),
    takes: all(state.takes),
    tracks: all(state.tracks),
    clips: all(state.clips),
    markers: all(state.markers),
    assets: all(state.assets),
    // Placements of a deleted scene go with it; none at all, and project.json has no cameoPlacements.
    ...placementsOf(state),
  };
}

function placementsOf(state: DocumentState): { cameoPlacements?: CameoPlacement[] } {
  const placements = all(state.placements).filter((p) => state.scenes.entities[p.sceneId]);
  return placements.length ? { cameoPlacements: placements } : {};
}

/** How a clip's source maps onto the timeline: a take's own fps against the project's. */
export function sourceOf(state: DocumentState, clip: Pick<Clip, 'takeId' | 'sourceOutFrame'> & Partial<Pick<Clip, 'assetId'>>): SourceInfo {
  const take = clip.takeId ? state.takes.entities[clip.takeId] : undefined;
  const fps = state.meta?.fps ?? 24;
  if (!take) {
    // An imported sound: its source is the asset's length in project frames.
    const asset = clip.assetId ? state.assets.entities[clip.assetId] : undefined;
    return { rate: 1, frames: asset ? Math.max(clip.sourceOutFrame, Math.floor(asset.durationSeconds * fps)) : clip.sourceOutFrame };
  }
  return { rate: take.fps / fps, frames: take.frames };
}
