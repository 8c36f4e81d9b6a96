import { describe, expect, it } from 'vitest';
import v0Fixture from './fixtures/v0-prerelease.json';
import v0Migrated from './fixtures/v0-prerelease.migrated.json';
import v1Fixture from './fixtures/v1-sample.json';
import v1Migrated from './fixtures/v1-sample.migrated.json';
import v2Fixture from './fixtures/v2-audio.json';
import {
  CURRENT_SCHEMA_VERSION,
  ProjectSchemaError,
  detectSchemaVersion,
  migrateProjectDocument,
  migrations,
  newProjectDocument,
  parseProjectDocument,
  validateProjectDocument,
} from './index.js';

/** Deep copy of arrays and plain objects; anything else (symbols, functions from the fuzzer) is kept as is. */
function clone<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => clone(item)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clone(v)])) as T;
  }
  return value;
}

function schemaError(run: () => unknown): ProjectSchemaError {
  try {
    run();
  } catch (error) {
    if (error instanceof ProjectSchemaError) return error;
    throw error;
  }
  throw new Error('expected a ProjectSchemaError');
}

const paths = (error: ProjectSchemaError) => error.issues.map((issue) => issue.path);

describe('frozen fixtures', () => {
  it('reads the current-version fixture unchanged', () => {
    expect(detectSchemaVersion(v2Fixture)).toBe(CURRENT_SCHEMA_VERSION);
    expect(parseProjectDocument(clone(v2Fixture))).toEqual(v2Fixture);
  });

  it('migrates the frozen pre-release (v0) fixture to exactly the frozen v1 result, and on to v2', () => {
    expect(detectSchemaVersion(v0Fixture)).toBe(0);
    const { fromVersion } = migrateProjectDocument(clone(v0Fixture));
    expect(fromVersion).toBe(0);
    expect(migrations[0]!.up(clone(v0Fixture))).toEqual(v0Migrated);
    expect(parseProjectDocument(clone(v0Fixture))).toEqual(migrations[1]!.up(clone(v0Migrated)));
  });

  it('migrates the frozen v1 fixture to exactly the frozen v2 result: audio settings on audio clips, solo off, no assets', () => {
    expect(detectSchemaVersion(v1Fixture)).toBe(1);
    const doc = parseProjectDocument(clone(v1Fixture));
    expect(doc).toEqual(v1Migrated);
    expect(doc.assets).toEqual([]);
    expect(doc.clips.find((c) => c.id === 'clp-2')?.audio).toEqual({ gainDb: 0, fadeInFrames: 0, fadeOutFrames: 0, offsetMs: 0, muted: false });
    expect(doc.clips.find((c) => c.id === 'clp-1')?.audio).toBeUndefined();
    expect(doc.tracks.filter((t) => t.solo !== undefined).map((t) => t.id)).toEqual(['trk-a1']);
  });

  it('the v0 clip on an audio track arrives in v2 with its audio settings', () => {
    const doc = parseProjectDocument(clone(v0Fixture));
    expect(doc.clips.find((c) => c.id === 'clp-3')).toMatchObject({ assetId: 'ast-music', audio: { gainDb: 0, offsetMs: 0 } });
  });

  it('converts v0 seconds to integer frames at the project fps', () => {
    const doc = parseProjectDocument(clone(v0Fixture));
    const clip = doc.clips.find((c) => c.id === 'clp-2');
    expect(clip).toMatchObject({ startFrame: 60, durationFrames: 18, sourceInFrame: 6, sourceOutFrame: 24 });
    expect(doc.markers.map((m) => m.frame)).toEqual([36, 72]);
    expect(doc.takes.map((t) => t.sceneId)).toEqual(['scn-1', 'scn-1', 'scn-2']);
  });

  it('does not mutate its input', () => {
    const input = clone(v0Fixture);
    parseProjectDocument(input);
    expect(input).toEqual(v0Fixture);
  });

  it('has a migration chain from 0 ending at the current version', () => {
    let version = 0;
    for (const migration of migrations) {
      expect(migration.from).toBe(version);
      version = migration.to;
    }
    expect(version).toBe(CURRENT_SCHEMA_VERSION);
  });
});

describe('validation errors name the bad field', () => {
  it('refuses a non-object', () => {
    for (const value of [null, 42, 'project', [], undefined]) {
      expect(paths(schemaError(() => parseProjectDocument(value)))).toEqual(['(root)']);
    }
  });

  it('refuses documents from a newer Scenecast, saying so', () => {
    const error = schemaError(() => parseProjectDocument({ ...clone(v1Fixture), schemaVersion: 7 }));
    expect(error.message).toMatch(/newer Scenecast \(schema 7\).*update Scenecast/);
  });

  it('names nested paths', () => {
    const doc = clone(v1Fixture);
    (doc.clips[0] as { durationFrames: unknown }).durationFrames = 2.5;
    expect(paths(schemaError(() => parseProjectDocument(doc)))).toEqual(['clips.0.durationFrames']);
  });

  it('checks references between collections', () => {
    const doc = clone(v1Fixture);
    doc.clips[0]!.trackId = 'trk-gone';
    doc.takes[1]!.sceneId = 'scn-b';
    doc.scenes[0]!.activeTakeId = 'tk-zz';
    expect(paths(schemaError(() => parseProjectDocument(doc))).sort()).toEqual(
      ['clips.0.trackId', 'scenes.0.activeTakeId', 'scenes.0.takeIds.1', 'takes.1.sceneId'].sort(),
    );
  });

  it('refuses duplicate ids, clips on a marker track, clips with both or neither source', () => {
    const doc = clone(v1Fixture);
    doc.markers.push({ ...doc.markers[0]! });
    doc.clips[1]!.trackId = 'trk-m';
    (doc.clips[0] as { assetId: string | null }).assetId = 'ast-x';
    expect(paths(schemaError(() => parseProjectDocument(doc))).sort()).toEqual(['clips.0.takeId', 'clips.1.trackId', 'markers.1.id'].sort());
  });

  it('checks audio settings: only on audio tracks, always there, fades within the clip, gain and offset in range', () => {
    const doc = clone(v2Fixture);
    delete (doc.clips[1] as { audio?: unknown }).audio;
    (doc.clips[0] as { audio?: unknown }).audio = { gainDb: 0, fadeInFrames: 0, fadeOutFrames: 0, offsetMs: 0, muted: false };
    doc.clips[2]!.audio!.fadeInFrames = 30;
    doc.clips[2]!.audio!.fadeOutFrames = 20;
    expect(paths(schemaError(() => parseProjectDocument(doc))).sort()).toEqual(['clips.0.audio', 'clips.1.audio', 'clips.2.audio.fadeOutFrames'].sort());
    for (const [field, bad] of [['gainDb', 25], ['gainDb', -61], ['offsetMs', 1001], ['offsetMs', 0.5]] as const) {
      const d = clone(v2Fixture);
      (d.clips[1]!.audio as Record<string, unknown>)[field] = bad;
      expect(paths(schemaError(() => parseProjectDocument(d)))).toEqual([`clips.1.audio.${field}`]);
    }
  });

  it('refuses asset and take-sound paths that leave the project folder, and duplicate asset ids', () => {
    const doc = clone(v2Fixture);
    doc.assets[0]!.path = '../elsewhere/a.wav';
    doc.takes[0]!.audioPath = '/etc/passwd';
    doc.assets.push({ ...doc.assets[0]!, path: 'assets/b.wav' });
    expect(paths(schemaError(() => parseProjectDocument(doc))).sort()).toEqual(['assets.0.path', 'assets.1.id', 'takes.0.audioPath'].sort());
  });

  it('refuses render paths that leave the project folder', () => {
    for (const bad of ['../outside.mp4', '/etc/passwd', 'renders/../../x.mp4', 'C:/x.mp4', 'renders\\x.mp4', 'renders//x.mp4']) {
      const doc = clone(v1Fixture);
      doc.takes[0]!.renderPath = bad;
      expect(paths(schemaError(() => parseProjectDocument(doc)))).toEqual(['takes.0.renderPath']);
    }
  });

  it('reports v0 problems at their path in the old document', () => {
    const doc = clone(v0Fixture) as Record<string, unknown>;
    doc.fps = '23.976';
    const error = schemaError(() => parseProjectDocument(doc));
    expect(paths(error)).toEqual(['fps']);
    expect(error.message).toMatch(/whole number of frames per second/);
  });

  it('validateProjectDocument refuses old versions instead of silently accepting them', () => {
    expect(() => validateProjectDocument(clone(v0Fixture))).toThrow(ProjectSchemaError);
  });
});

describe('newProjectDocument', () => {
  it('makes a valid empty project with video, cameo and audio tracks', () => {
    let n = 0;
    const doc = newProjectDocument({ id: 'p1', name: 'New', now: '2026-11-25T12:00:00.000Z', createId: () => `id-${++n}` });
    expect(doc.tracks.map((t) => t.kind)).toEqual(['video', 'cameo', 'audio']);
    expect(parseProjectDocument(JSON.parse(JSON.stringify(doc)))).toEqual(doc);
  });
});

// --- fuzzing ---------------------------------------------------------------------------------------------------

/** Small deterministic PRNG (mulberry32) so a failure reproduces from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

function allPaths(value: Json, prefix: Path = []): Path[] {
  const out: Path[] = [prefix];
  if (Array.isArray(value)) value.forEach((item, i) => out.push(...allPaths(item, [...prefix, i])));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...allPaths(v, [...prefix, k]));
  return out;
}

function getAt(root: Json, path: Path): Json {
  return path.reduce<Json>((node, key) => (node as Record<string | number, Json>)[key] as Json, root);
}

const weirdValues: unknown[] = [
  null, undefined, true, false, 0, -1, 1.5, NaN, Infinity, -Infinity, 2 ** 53, '', 'x', '../..', '#zzzzzz', '24', [], [null], {},
  { schemaVersion: 1 }, '2026-01-01', Symbol('s'), () => 1, 10n,
];

function mutate(doc: Json, random: () => number): { doc: unknown; path: Path } {
  const copy = clone(doc);
  const candidates = allPaths(copy);
  const path = candidates[Math.floor(random() * candidates.length)]!;
  if (path.length === 0) return { doc: weirdValues[Math.floor(random() * weirdValues.length)], path };
  const parent = getAt(copy, path.slice(0, -1)) as Record<string | number, unknown>;
  const key = path.at(-1)!;
  const roll = random();
  if (roll < 0.15) {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key];
  } else if (roll < 0.25) {
    (parent as Record<string, unknown>)[`extra${Math.floor(random() * 100)}`] = 1;
  } else if (roll < 0.35 && Array.isArray(parent)) {
    parent.push(clone(parent[key as number]));
  } else {
    parent[key] = weirdValues[Math.floor(random() * weirdValues.length)];
  }
  return { doc: copy, path };
}

describe('fuzzing', () => {
  for (const [label, fixture] of [
    ['v2', v2Fixture],
    ['v1', v1Fixture],
    ['v0', v0Fixture],
  ] as const) {
    it(`random mutations of the ${label} fixture parse to a valid document or throw ProjectSchemaError with paths`, () => {
      const random = prng(label === 'v1' ? 1234 : label === 'v2' ? 4321 : 5678);
      let valid = 0;
      let invalid = 0;
      for (let i = 0; i < 3000; i++) {
        let { doc } = mutate(fixture as Json, random);
        // Stack a few mutations now and then.
        if (random() < 0.3 && doc !== null && typeof doc === 'object') doc = mutate(doc as Json, random).doc;
        let result: unknown;
        try {
          result = parseProjectDocument(doc);
        } catch (error) {
          if (!(error instanceof ProjectSchemaError)) {
            throw new Error(`mutation ${i} crashed with ${String(error)}: ${JSON.stringify(doc, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v))?.slice(0, 400)}`, { cause: error });
          }
          expect(error.issues.length).toBeGreaterThan(0);
          for (const issue of error.issues) expect(issue.path).toMatch(/^(\(root\)|[A-Za-z][\w]*(\.[\w]+)*)$/);
          invalid++;
          continue;
        }
        // Whatever parses must be a valid current document that survives a JSON round trip.
        expect(validateProjectDocument(JSON.parse(JSON.stringify(result)))).toEqual(result);
        valid++;
      }
      expect(invalid).toBeGreaterThan(100);
      expect(valid).toBeGreaterThan(10);
    });
  }

  it.each([
    ['v1', v1Fixture],
    ['v2', v2Fixture],
  ] as const)('a type-breaking change to any leaf of a %s document is reported at that leaf', (_label, fixture) => {
    const leaves = allPaths(fixture as Json).filter((p) => {
      const v = getAt(fixture as Json, p);
      return p.length > 0 && (v === null || typeof v !== 'object');
    });
    expect(leaves.length).toBeGreaterThan(80);
    for (const path of leaves) {
      const doc = clone(fixture) as Json;
      const parent = getAt(doc, path.slice(0, -1)) as Record<string | number, unknown>;
      const key = path.at(-1)!;
      const old = parent[key];
      // A value of the wrong JSON type for every field: objects where scalars belong, and so on.
      parent[key] = typeof old === 'boolean' ? 'yes' : typeof old === 'string' ? 17 : typeof old === 'number' ? '17' : { bad: true };
      const error = schemaError(() => parseProjectDocument(doc));
      expect(paths(error), `mutating ${path.join('.')}`).toContain(path.join('.'));
    }
  });
});
