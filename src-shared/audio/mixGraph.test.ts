import { describe, expect, it } from 'vitest';
import { audioClipSchema, audioTimelineSchema, buildMixFilterGraph, frameToSample, isClipAudible, msToSamples, type AudioClip, type AudioTimeline } from './index.js';

const track = (id: string, over: Partial<AudioTimeline['tracks'][number]> = {}) => ({ id, name: id, muted: false, solo: false, ...over });
const clip = (id: string, over: Partial<AudioClip> = {}): AudioClip => ({
  id,
  trackId: 'a1',
  assetId: 'wav',
  startFrame: 0,
  offsetMs: 0,
  durationFrames: 24,
  sourceInFrame: 0,
  gainDb: 0,
  fadeInFrames: 0,
  fadeOutFrames: 0,
  muted: false,
  ...over,
});
const inputs = { wav: { path: '/media/a.wav', channels: 2 }, mono: { path: '/media/m.wav', channels: 1 } };
const opts = { fps: 24, sampleRate: 48_000, inputs };

describe('frame → sample math', () => {
  it('is exact where the fps divides the rate', () => {
    expect(frameToSample(1, 24, 48_000)).toBe(2000);
    expect(frameToSample(3, 30, 48_000)).toBe(4800);
    expect(frameToSample(90_000, 25, 48_000)).toBe(172_800_000); // one hour at 25 fps
    expect(msToSamples(1, 48_000)).toBe(48);
    expect(msToSamples(-120, 48_000)).toBe(-5760);
  });

  it('rounds boundaries to the nearest sample without drift where it does not', () => {
    // 44100 / 24 = 1837.5 samples per frame: boundaries alternate 1838, 1837 and land exactly on every second frame.
    expect([0, 1, 2, 3, 4].map((f) => frameToSample(f, 24, 44_100))).toEqual([0, 1838, 3675, 5513, 7350]);
    expect(frameToSample(7, 7, 48_000)).toBe(48_000);
    expect(frameToSample(1, 7, 48_000)).toBe(6857); // 6857.14…
    expect(frameToSample(24 * 3600, 24, 44_100)).toBe(44_100 * 3600);
  });
});

describe('buildMixFilterGraph', () => {
  it('cuts, gains, fades and delays one clip at exact samples', () => {
    const state: AudioTimeline = {
      tracks: [track('a1')],
      clips: [clip('c', { startFrame: 24, sourceInFrame: 12, durationFrames: 48, gainDb: -6, fadeInFrames: 6, fadeOutFrames: 12 })],
    };
    const graph = buildMixFilterGraph(state, opts);
    expect(graph.filterComplex).toBe(
      '[0:a]aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo,asetpts=N/SR/TB,atrim=start_sample=24000:end_sample=120000,' +
        'asetpts=PTS-STARTPTS,volume=-6dB,afade=t=in:ss=0:ns=12000,afade=t=out:ss=72000:ns=24000,adelay=delays=48000S:all=1[c0];' +
        '[c0]amix=inputs=1:duration=longest:dropout_transition=0:normalize=0,apad=whole_len=144000,atrim=end_sample=144000[aout]',
    );
    expect(graph.outputLabel).toBe('[aout]');
    expect(graph.inputs).toEqual([{ index: 0, clipId: 'c', assetId: 'wav', path: '/media/a.wav' }]);
    expect(graph.totalSamples).toBe(144_000);
  });

  it('mixes two tracks with fine offsets, mono upmixed at full level, inputs after the video', () => {
    const state: AudioTimeline = {
      tracks: [track('a1'), track('a2')],
      clips: [clip('x', { startFrame: 10, offsetMs: 3, gainDb: 2.5 }), clip('y', { trackId: 'a2', assetId: 'mono', startFrame: 0, offsetMs: 0, durationFrames: 12 })],
    };
    const graph = buildMixFilterGraph(state, { ...opts, fps: 30, firstInputIndex: 1, outputLabel: 'mix' });
    // 10 frames at 30 fps = 16000 samples, + 3 ms = 144 samples.
    expect(graph.filterComplex).toBe(
      '[1:a]aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo,asetpts=N/SR/TB,atrim=start_sample=0:end_sample=38400,' +
        'asetpts=PTS-STARTPTS,volume=2.5dB,adelay=delays=16144S:all=1[c0];' +
        '[2:a]aresample=48000,pan=stereo|c0=c0|c1=c0,asetpts=N/SR/TB,atrim=start_sample=0:end_sample=19200,asetpts=PTS-STARTPTS[c1];' +
        '[c0][c1]amix=inputs=2:duration=longest:dropout_transition=0:normalize=0,apad=whole_len=54544,atrim=end_sample=54544[mix]',
    );
    expect(graph.inputs.map((i) => [i.index, i.path])).toEqual([
      [1, '/media/a.wav'],
      [2, '/media/m.wav'],
    ]);
  });

  it('plays only soloed tracks when any is soloed, and mute wins over solo', () => {
    const state: AudioTimeline = {
      tracks: [track('a1', { solo: true }), track('a2'), track('a3', { solo: true, muted: true })],
      clips: [clip('one'), clip('two', { trackId: 'a2' }), clip('three', { trackId: 'a3' }), clip('four', { trackId: 'a1', muted: true })],
    };
    expect(buildMixFilterGraph(state, opts).clips.map((c) => c.clipId)).toEqual(['one']);
    expect(state.clips.map((c) => isClipAudible(state, c))).toEqual([true, false, false, false]);
    // A muted soloed track does not silence the others.
    const onlyMutedSolo: AudioTimeline = { ...state, tracks: [track('a1'), track('a2'), track('a3', { solo: true, muted: true })] };
    expect(buildMixFilterGraph(onlyMutedSolo, opts).clips.map((c) => c.clipId)).toEqual(['one', 'two']);
  });

  it('cuts what a negative fine offset puts before time 0 and what lies past totalFrames', () => {
    const state: AudioTimeline = {
      tracks: [track('a1')],
      clips: [clip('early', { startFrame: 0, offsetMs: -10, sourceInFrame: 24, fadeInFrames: 1 }), clip('late', { startFrame: 48 }), clip('end', { startFrame: 40, fadeOutFrames: 4 })],
    };
    const graph = buildMixFilterGraph(state, { ...opts, totalFrames: 44 });
    expect(graph.clips).toEqual([
      // 480 samples cut from the start: the source starts 480 later, the fade-in has 2000 − 480 left.
      expect.objectContaining({ clipId: 'early', sourceStartSample: 48_480, timelineStartSample: 0, lengthSamples: 47_520, fadeInSamples: 1520 }),
      // Cut at frame 44, 4 frames in: the fade-out (the clip's last 4 of 24 frames) lies past the end and is dropped.
      expect.objectContaining({ clipId: 'end', timelineStartSample: 80_000, lengthSamples: 8000, fadeOutSamples: 0 }),
    ]);
    expect(graph.totalSamples).toBe(88_000);
    expect(graph.filterComplex).toContain('atrim=start_sample=48480:end_sample=96000');
    expect(graph.filterComplex).not.toContain('adelay=delays=0S');
  });

  it('renders silence of the right length when nothing is audible', () => {
    const state: AudioTimeline = { tracks: [track('a1', { muted: true })], clips: [clip('c')] };
    const graph = buildMixFilterGraph(state, { ...opts, totalFrames: 12 });
    expect(graph.filterComplex).toBe('anullsrc=r=48000:cl=stereo,apad=whole_len=24000,atrim=end_sample=24000[aout]');
    expect(graph.inputs).toEqual([]);
    expect(() => buildMixFilterGraph(state, opts)).toThrow(/nothing to mix/);
  });

  it('names the clip when its asset or track is missing', () => {
    expect(() => buildMixFilterGraph({ tracks: [track('a1')], clips: [clip('c', { assetId: 'gone' })] }, opts)).toThrow(/clip "c" plays asset "gone"/);
    expect(() => buildMixFilterGraph({ tracks: [track('a1')], clips: [clip('c', { trackId: 'v1' })] }, opts)).toThrow(/clip "c" is on track "v1"/);
    expect(() => buildMixFilterGraph({ tracks: [track('a1')], clips: [clip('c')] }, { ...opts, outputLabel: 'a];[x' })).toThrow(/output label/);
  });
});

describe('audio state schema', () => {
  it('refuses fades longer than the clip and clips on unknown tracks', () => {
    expect(audioClipSchema.safeParse(clip('c', { fadeInFrames: 20, fadeOutFrames: 5 })).success).toBe(false);
    expect(audioClipSchema.safeParse(clip('c', { offsetMs: 0.5 })).success).toBe(false);
    expect(audioClipSchema.safeParse(clip('c', { gainDb: 30 })).success).toBe(false);
    const parsed = audioTimelineSchema.safeParse({ tracks: [track('a1')], clips: [clip('c', { trackId: 'zz' })] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/no audio track "zz"/);
    expect(audioTimelineSchema.parse({ tracks: [track('a1')], clips: [clip('c')] }).clips).toHaveLength(1);
  });
});
