import { schedulePreview, type AudioTimeline, type ScheduledClip } from '../../../src-shared/audio';

/** How far ahead of "now" the mix starts, so its first sound is never late. */
const LEAD_SECONDS = 0.06;

/**
 * The preview's mix in Web Audio: every audible clip is an AudioBufferSourceNode started at its exact sample (from
 * src-shared/audio's schedulePreview, the same arithmetic as the export's ffmpeg graph) with a GainNode carrying its
 * gain and fade envelope, all summed into a master bus that feeds the speakers and two analysers for the level meters.
 * Sounds are fetched by URL and decoded once per file for playback (the waveforms never need this).
 */
export class PreviewMix {
  private context: AudioContext | null = null;
  private master: GainNode | null = null;
  private analysers: AnalyserNode[] = [];
  private readonly buffers = new Map<string, Promise<AudioBuffer>>();
  private playing: { sources: AudioBufferSourceNode[]; startedAt: number; fromFrame: number; fps: number; rate: number } | null = null;
  private generation = 0;
  /** Problems fetching or decoding a sound, by URL, for the monitor to show. */
  readonly errors = new Map<string, string>();
  private readonly problemListeners = new Set<() => void>();

  /** Calls `listener` whenever a sound could not be loaded; returns the unsubscribe. */
  onProblem(listener: () => void): () => void {
    this.problemListeners.add(listener);
    return () => this.problemListeners.delete(listener);
  }

  private ensureContext(): AudioContext {
    if (!this.context) {
      const context = new AudioContext({ latencyHint: 'interactive' });
      const master = context.createGain();
      const splitter = context.createChannelSplitter(2);
      this.analysers = [0, 1].map((channel) => {
        const analyser = context.createAnalyser();
        analyser.fftSize = 2048;
        splitter.connect(analyser, channel);
        return analyser;
      });
      master.connect(splitter);
      master.connect(context.destination);
      this.context = context;
      this.master = master;
    }
    return this.context;
  }

  private buffer(url: string): Promise<AudioBuffer> {
    let pending = this.buffers.get(url);
    if (!pending) {
      const context = this.ensureContext();
      pending = fetch(url)
        .then((res) => {
          if (!res.ok) throw new Error(`the file could not be read (HTTP ${res.status})`);
          return res.arrayBuffer();
        })
        .then((bytes) => context.decodeAudioData(bytes))
        .catch((err: unknown) => {
          this.errors.set(url, err instanceof Error ? err.message : String(err));
          this.buffers.delete(url);
          for (const listener of this.problemListeners) listener();
          throw err;
        });
      this.buffers.set(url, pending);
    }
    return pending;
  }

  /** Starts decoding the sounds a timeline will need, so play starts without waiting. */
  preload(urls: Iterable<string>): void {
    for (const url of urls) void this.buffer(url).catch(() => undefined);
  }

  /**
   * Plays the timeline's audio from the playhead at the project fps: clips already under the playhead start inside
   * their source, later ones at their exact sample. The files are decoded first; then the playhead is read again
   * (`position`) and the mix starts from there. Calling it again (a seek, an edit) replaces what was playing. `rate`
   * above 1 is the forward shuttle: every clip plays that much faster (and higher, as tape does).
   */
  async play(timeline: AudioTimeline, urlOf: (sourceKey: string) => string | undefined, position: () => number, fps: number, rate = 1): Promise<void> {
    this.stop();
    const generation = ++this.generation;
    const context = this.ensureContext();
    if (context.state === 'suspended') await context.resume().catch(() => undefined);
    // A context the browser keeps suspended (no audio device, no user gesture yet) would stop the clock: stay silent.
    if (context.state !== 'running' || generation !== this.generation) return;
    const needed = schedulePreview(timeline, { fps, sampleRate: context.sampleRate, playheadFrame: position() });
    const buffers = new Map<string, AudioBuffer>();
    await Promise.all(
      needed.map(async (clip) => {
        const url = urlOf(clip.assetId);
        if (!url) return;
        try {
          buffers.set(clip.assetId, await this.buffer(url));
        } catch {
          // Reported through `errors`; the other clips still play.
        }
      }),
    );
    if (generation !== this.generation) return;
    const fromFrame = position();
    const startedAt = context.currentTime + LEAD_SECONDS;
    const sources = schedulePreview(timeline, { fps, sampleRate: context.sampleRate, playheadFrame: fromFrame })
      .filter((clip) => buffers.has(clip.assetId))
      .map((clip) => this.startClip(context, clip, buffers.get(clip.assetId)!, startedAt, rate));
    // With nothing to hear, the playback clock stays on wall time.
    this.playing = sources.length > 0 ? { sources, startedAt, fromFrame, fps, rate } : null;
  }

  /**
   * Where the sound being heard is, in project frames (fractional), or null when the mix is not playing. The playback
   * clock follows this, so picture and sound share one clock: the audio hardware's.
   */
  positionFrames(): number | null {
    if (!this.playing || !this.context) return null;
    const heard = this.context.currentTime - (this.context.outputLatency || 0) - this.playing.startedAt;
    return this.playing.fromFrame + Math.max(0, heard) * this.playing.fps * this.playing.rate;
  }

  private startClip(context: AudioContext, clip: ScheduledClip, buffer: AudioBuffer, at: number, rate: number): AudioBufferSourceNode {
    const source = context.createBufferSource();
    source.buffer = buffer;
    source.playbackRate.value = rate;
    const gain = context.createGain();
    // Timeline seconds pass `rate` times faster; the source offset and duration stay in the file's own seconds.
    const begin = at + clip.startInSeconds / rate;
    const [first, ...rest] = clip.envelope;
    gain.gain.setValueAtTime(first?.gain ?? 1, begin);
    for (const point of rest) gain.gain.linearRampToValueAtTime(point.gain, begin + point.atSeconds / rate);
    source.connect(gain).connect(this.master!);
    source.start(begin, clip.sourceOffsetSeconds, clip.durationSeconds);
    return source;
  }

  stop(): void {
    this.generation++;
    for (const source of this.playing?.sources ?? []) {
      try {
        source.stop();
      } catch {
        // Never started or already ended: nothing to stop.
      }
      source.disconnect();
    }
    this.playing = null;
  }

  /** Peak level of each output channel over the last ~40 ms, in dBFS (−Infinity for silence). */
  levels(): number[] {
    const data = new Float32Array(2048);
    return this.analysers.map((analyser) => {
      analyser.getFloatTimeDomainData(data);
      let peak = 0;
      for (const v of data) peak = Math.max(peak, Math.abs(v));
      return peak > 0 ? 20 * Math.log10(peak) : -Infinity;
    });
  }

  get active(): boolean {
    return this.playing !== null;
  }
}

/** One mix per page: the preview monitor drives it, the meters read it. */
export const previewMix = new PreviewMix();
