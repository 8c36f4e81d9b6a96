import { describe, expect, it } from 'vitest';
import { exportFileNameSchema, exportOptionsSchema, markPolicyViolation } from '../../../src-shared/export.js';
import { newProjectDocument, type Clip, type ProjectDocument } from '../../../src-shared/project/index.js';
import { buildRenderGraph } from './graph.js';
import { buildFcpxml, buildMarkerSrt } from './sidecars.js';
import { planExportTimeline, type ExportSource } from './timeline.js';

let ids = 0;
const base = () => newProjectDocument({ id: 'p', name: 'Plan & <test>', now: '2026-11-25T00:00:00.000Z', fps: 24, createId: () => `t${ids++}` });

function project(clips: Array<Partial<Clip> & { track: number }>, extra: Partial<ProjectDocument> = {}): ProjectDocument {
  const doc = base();
  const tracks = [...doc.tracks, { id: 'v2', kind: 'video' as const, name: 'Video 2', muted: false, locked: false }];
  // Track order is top to bottom: put the second video track on top.
  const ordered = [tracks[3]!, ...tracks.slice(0, 3)];
  const takes = ['a', 'b', 'c'].map((id) => ({ id, sceneId: 's', renderPath: `renders/${id}.mp4`, posterPath: null, frames: 100, fps: 24, seed: 1, modelPack: { id: 'pack', version: '2' }, status: 'ready' as const }));
  return {
    ...doc,
    tracks: ordered,
    scenes: [{ id: 's', prompt: 'p', negativePrompt: '', durationFrames: 48, seed: 1, seedLocked: false, stylePreset: null, cameraPreset: null, takeIds: ['a', 'b', 'c'], activeTakeId: 'a' }],
    takes,
    clips: clips.map(({ track, ...c }, i) => {
      const trackId = ordered[track]!.id;
      return { id: `c${i}`, trackId, takeId: 'a', assetId: null, startFrame: 0, durationFrames: 10, sourceInFrame: 0, sourceOutFrame: 10, ...c } as Clip;
    }),
    ...extra,
  };
}

const sources: Record<string, ExportSource> = {
  'take:a': { path: '/p/renders/a.mp4', fps: 24, frames: 100 },
  'take:b': { path: '/p/renders/b.mp4', fps: 24, frames: 100 },
  'take:c': { path: '/p/renders/c.mp4', fps: 8, frames: 16 },
};

describe('planExportTimeline', () => {
  it('flattens video tracks: the top track wins, gaps are black, a covered clip resumes at its own source frame', () => {
    // Track 1 (Video 1, below) plays a over 0–40; track 0 (Video 2, on top) plays b over 10–20; nothing over 40–50, c over 50–56.
    const doc = project([
      { track: 1, takeId: 'a', startFrame: 0, durationFrames: 40, sourceInFrame: 5, sourceOutFrame: 45 },
      { track: 0, takeId: 'b', startFrame: 10, durationFrames: 10, sourceInFrame: 30, sourceOutFrame: 40 },
      { track: 1, takeId: 'c', startFrame: 50, durationFrames: 6, sourceInFrame: 0, sourceOutFrame: 2 },
    ]);
    const plan = planExportTimeline(doc, sources);
    expect(plan.totalFrames).toBe(56);
    expect(plan.video).toEqual([
      { kind: 'clip', clipId: 'c0', sourceKey: 'take:a', startFrame: 0, durationFrames: 10, sourceInFrame: 5, rate: 1 },
      { kind: 'clip', clipId: 'c1', sourceKey: 'take:b', startFrame: 10, durationFrames: 10, sourceInFrame: 30, rate: 1 },
      { kind: 'clip', clipId: 'c0', sourceKey: 'take:a', startFrame: 20, durationFrames: 20, sourceInFrame: 25, rate: 1 },
      { kind: 'gap', startFrame: 40, durationFrames: 10 },
      // An 8 fps take in a 24 fps project: a third of a source frame per project frame.
      { kind: 'clip', clipId: 'c2', sourceKey: 'take:c', startFrame: 50, durationFrames: 6, sourceInFrame: 0, rate: 1 / 3 },
    ]);
    expect(plan.takeIds.sort()).toEqual(['a', 'b', 'c']);
  });

  it('leaves out muted video tracks and cameo tracks, and refuses an empty timeline', () => {
    const doc = project([{ track: 0, takeId: 'b', startFrame: 0, durationFrames: 10 }, { track: 1, takeId: 'a', startFrame: 0, durationFrames: 12 }]);
    doc.tracks[0] = { ...doc.tracks[0]!, muted: true };
    expect(planExportTimeline(doc, sources).video).toEqual([{ kind: 'clip', clipId: 'c1', sourceKey: 'take:a', startFrame: 0, durationFrames: 12, sourceInFrame: 0, rate: 1 }]);
    expect(() => planExportTimeline(project([{ track: 2, startFrame: 0 }]), sources)).toThrow(/timeline is empty/);
  });

  it('turns audio-track clips into the mix state, with their gain, fades and fine offset', () => {
    const doc = project([
      { track: 1, takeId: 'a', durationFrames: 48 },
      { track: 3, takeId: null, assetId: 'snd', startFrame: 6, durationFrames: 60, audio: { gainDb: -3, fadeInFrames: 2, fadeOutFrames: 4, offsetMs: 7, muted: false } },
    ]);
    const plan = planExportTimeline(doc, sources);
    expect(plan.totalFrames).toBe(66);
    expect(plan.audio.clips).toEqual([expect.objectContaining({ id: 'c1', assetId: 'asset:snd', startFrame: 6, gainDb: -3, fadeInFrames: 2, fadeOutFrames: 4, offsetMs: 7 })]);
    expect(plan.video.at(-1)).toEqual({ kind: 'gap', startFrame: 48, durationFrames: 18 });
  });
});

describe('a take with its own sound', () => {
  it('plays the sound from the take’s source frame in project frames, and lists picture and sound as two FCPXML assets', () => {
    const doc = project([
      { track: 1, takeId: 'c', startFrame: 0, durationFrames: 12, sourceInFrame: 0, sourceOutFrame: 4 },
      { track: 3, takeId: 'c', startFrame: 0, durationFrames: 12, sourceInFrame: 3, sourceOutFrame: 7, audio: { gainDb: 0, fadeInFrames: 0, fadeOutFrames: 0, offsetMs: 0, muted: false } },
    ]);
    doc.takes = doc.takes.map((t) => (t.id === 'c' ? { ...t, fps: 8, frames: 16, audioPath: 'renders/c.wav' } : t));
    const plan = planExportTimeline(doc, sources);
    // 3 frames of an 8 fps take are 9 frames of the 24 fps project.
    expect(plan.audio.clips).toEqual([expect.objectContaining({ assetId: 'take:c', sourceInFrame: 9 })]);
    expect(plan.takeIds).toEqual(['c']);
    const xml = buildFcpxml({ document: doc, timeline: plan, sources, audioFiles: { 'take:c': '/p/renders/c.wav' }, width: 640, height: 640 });
    expect(xml).toContain('<asset id="r2" name="c.mp4"');
    expect(xml).toContain('<asset id="r3" name="c.wav" start="0s" duration="21/24s" hasVideo="0" hasAudio="1"');
  });
});

describe('buildRenderGraph', () => {
  const doc = project([
    { track: 1, takeId: 'a', startFrame: 0, durationFrames: 24, sourceInFrame: 10, sourceOutFrame: 34 },
    { track: 1, takeId: 'b', startFrame: 24, durationFrames: 24, sourceInFrame: 90, sourceOutFrame: 100 },
    { track: 1, takeId: 'a', startFrame: 60, durationFrames: 12 },
  ]);
  const plan = planExportTimeline(doc, sources);

  it('cuts, fits and joins the segments, with a dissolve only between abutting clips that keeps the length', () => {
    const graph = buildRenderGraph({ timeline: plan, sources, audioInputs: {}, width: 1080, height: 1920, format: 'h264', crossfadeFrames: 6, watermarkPng: '/res/mark.png' });
    const chains = graph.filterComplex.split(';');
    // Clip a runs 6 frames past its out point under the dissolve, from its own source (frames 10–40).
    expect(chains[0]).toBe(
      '[0:v]trim=start_frame=10:end_frame=40,setpts=PTS-STARTPTS,scale=1080:1920:force_original_aspect_ratio=decrease:force_divisible_by=2:flags=bicubic,' +
        'pad=1080:1920:(ow-iw)/2:(oh-ih)/2:color=black,setsar=1,fps=24,tpad=stop_mode=clone:stop=30,trim=end_frame=30,setpts=PTS-STARTPTS,format=yuv420p[v0]',
    );
    // Clip b is followed by a gap: no dissolve, so no extension; its source ends at 100.
    expect(chains[1]).toContain('[1:v]trim=start_frame=90:end_frame=100,');
    expect(chains[1]).toContain('tpad=stop_mode=clone:stop=24,trim=end_frame=24');
    expect(chains[2]).toBe('color=c=black:s=1080x1920:r=24,trim=end_frame=12,setsar=1,format=yuv420p[v2]');
    // The dissolve starts at the cut (frame 24) and the chain keeps 72 frames: 30 + 24 − 6 + 12 + 12.
    expect(chains[4]).toBe('[v0][v1]xfade=transition=fade:duration=0.250000:offset=1.000000[j1]');
    expect(chains[5]).toBe('[j1][v2]concat=n=2:v=1:a=0,settb=1/24[j2]');
    expect(chains[7]).toBe('[3:v]scale=324:-2[mark]');
    expect(chains[8]).toMatch(/^\[j3\]\[mark\]overlay=x=43\+\(W-w-86\)\*\(0\.5\+0\.5\*sin\(t\*0\.53\)\):y=.*\[vout\]$/);
    expect(graph.filterComplex).toContain('anullsrc=r=48000:cl=stereo,apad=whole_len=144000,atrim=end_sample=144000[aout]');
    expect(graph.args.filter((a) => a === '-i')).toHaveLength(4);
    expect(graph.args.slice(graph.args.indexOf('-frames:v'), graph.args.indexOf('-frames:v') + 2)).toEqual(['-frames:v', '72']);
    expect(graph.container).toBe('mp4');
  });

  it('uses the format’s encoders and no overlay input without the visible mark', () => {
    const graph = buildRenderGraph({ timeline: plan, sources, audioInputs: {}, width: 640, height: 640, format: 'prores', crossfadeFrames: 0, watermarkPng: null });
    expect(graph.container).toBe('mov');
    expect(graph.args).toEqual(expect.arrayContaining(['prores_ks', 'pcm_s16le']));
    expect(graph.filterComplex).not.toContain('overlay');
    expect(graph.filterComplex).not.toContain('xfade');
    expect(graph.args.filter((a) => a === '-i')).toHaveLength(3);
  });
});

describe('sidecars', () => {
  it('writes the labelled markers as SRT, each until the next (at most 4 s), none when no marker has a label', () => {
    const markers = [
      { id: 'b', frame: 48, label: 'Second', color: '#ffffff' },
      { id: 'a', frame: 0, label: 'First', color: '#ffffff' },
      { id: 'x', frame: 10, label: '  ', color: '#ffffff' },
      { id: 'c', frame: 300, label: 'Past the end', color: '#ffffff' },
    ];
    expect(buildMarkerSrt(markers, 24, 240)).toBe('1\n00:00:00,000 --> 00:00:02,000\nFirst\n\n2\n00:00:02,000 --> 00:00:06,000\nSecond\n');
    expect(buildMarkerSrt([{ id: 'x', frame: 3, label: '', color: '#ffffff' }], 24, 240)).toBeNull();
  });

  it('writes FCPXML with the trims on the project frame grid, gaps, audio lanes and escaped names', () => {
    const doc = project(
      [
        { track: 1, takeId: 'a', startFrame: 0, durationFrames: 24, sourceInFrame: 10, sourceOutFrame: 34 },
        { track: 1, takeId: 'c', startFrame: 30, durationFrames: 12, sourceInFrame: 2, sourceOutFrame: 6 },
        { track: 3, takeId: null, assetId: 'snd', startFrame: 36, durationFrames: 12, sourceInFrame: 24, audio: { gainDb: -6, fadeInFrames: 0, fadeOutFrames: 0, offsetMs: 0, muted: false } },
      ],
      { markers: [{ id: 'm', frame: 33, label: 'Cue <1>', color: '#ffffff' }] },
    );
    const plan = planExportTimeline(doc, sources);
    const xml = buildFcpxml({ document: doc, timeline: plan, sources, audioFiles: { 'asset:snd': '/p/assets/a b.wav' }, width: 1080, height: 1920 });
    expect(xml).toContain('<fcpxml version="1.9">');
    expect(xml).toContain('<format id="r1" name="FFVideoFormat1080x1920p24" frameDuration="1/24s" width="1080" height="1920"/>');
    expect(xml).toContain('<asset-clip ref="r2" name="a.mp4" offset="0s" start="10/24s" duration="24/24s" tcFormat="NDF">');
    expect(xml).toContain('<gap name="Gap" offset="24/24s" duration="6/24s" start="0s">');
    // The 8 fps take's source frame 2 is project frame 6; the marker and the sound hang on it in its own time.
    expect(xml).toMatch(/<asset-clip ref="r3" name="c\.mp4" offset="30\/24s" start="6\/24s" duration="12\/24s" tcFormat="NDF"><marker start="9\/24s" duration="1\/24s" value="Cue &lt;1&gt;"\/><asset-clip ref="r4" lane="-1" name="a b\.wav" offset="12\/24s" start="24\/24s" duration="12\/24s" audioRole="dialogue"><adjust-volume amount="-6dB"\/><\/asset-clip><\/asset-clip>/);
    expect(xml).toContain('<asset id="r4" name="a b.wav" start="0s" duration="36/24s" hasVideo="0" hasAudio="1"');
    expect(xml).toContain('src="file:///p/assets/a%20b.wav"');
    expect(xml).toContain('<event name="Plan &amp; &lt;test&gt;">');
    expect(xml).toContain('<sequence format="r1" duration="48/24s"');
  });
});

describe('export options', () => {
  it('needs a size for custom only, and even sizes', () => {
    expect(exportOptionsSchema.safeParse({ preset: 'custom' }).success).toBe(false);
    expect(exportOptionsSchema.safeParse({ preset: 'custom', width: 641, height: 360 }).success).toBe(false);
    expect(exportOptionsSchema.safeParse({ preset: '9:16', width: 640, height: 360 }).success).toBe(false);
    expect(exportOptionsSchema.parse({ preset: 'custom', width: 640, height: 360 })).toMatchObject({ format: 'h264', visibleWatermark: true, c2pa: true, invisibleWatermark: true, crossfadeFrames: 0 });
  });

  it('allows the visible mark off only for files that keep C2PA and the invisible mark', () => {
    const marks = (visibleWatermark: boolean, c2pa: boolean, invisibleWatermark: boolean) => ({ visibleWatermark, c2pa, invisibleWatermark });
    expect(markPolicyViolation(marks(false, true, true), 'file')).toBeNull();
    expect(markPolicyViolation(marks(true, false, false), 'file')).toBeNull();
    expect(markPolicyViolation(marks(false, false, true), 'file')).toMatch(/turn the C2PA manifest back on/);
    expect(markPolicyViolation(marks(false, true, false), 'file')).toMatch(/turn the invisible watermark back on/);
    expect(markPolicyViolation(marks(false, true, true), 'feed')).toMatch(/feed post always carries/);
    expect(markPolicyViolation(marks(true, true, true), 'feed')).toBeNull();
  });

  it('accepts plain file names only', () => {
    for (const bad of ['../x', 'a/b', 'a\\b', '.hidden', 'con', 'x\u0000y', '']) expect(exportFileNameSchema.safeParse(bad).success, bad).toBe(false);
    expect(exportFileNameSchema.parse(' My film (cut 2) ')).toBe('My film (cut 2)');
  });
});
