/**
 * WAV (RIFF, 32-bit IEEE float) writing and reading for analysis files and tests. ffmpeg reads and writes every other
 * format; this exists so pure code can turn samples into a file ffmpeg understands and back, without a process.
 */

const FORMAT_IEEE_FLOAT = 3;
const FORMAT_EXTENSIBLE = 0xfffe;

/** Interleaved float samples → a WAV file's bytes. `channels` planes of equal length. */
export function encodeWavFloat32(channels: readonly Float32Array[], sampleRate: number): Buffer {
  const count = channels.length;
  if (count < 1) throw new RangeError('a WAV needs at least one channel');
  const frames = channels[0]!.length;
  if (channels.some((c) => c.length !== frames)) throw new RangeError('all channels must have the same length');
  const dataBytes = frames * count * 4;
  const out = Buffer.alloc(44 + dataBytes);
  out.write('RIFF', 0, 'ascii');
  out.writeUInt32LE(36 + dataBytes, 4);
  out.write('WAVE', 8, 'ascii');
  out.write('fmt ', 12, 'ascii');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(FORMAT_IEEE_FLOAT, 20);
  out.writeUInt16LE(count, 22);
  out.writeUInt32LE(sampleRate, 24);
  out.writeUInt32LE(sampleRate * count * 4, 28);
  out.writeUInt16LE(count * 4, 32);
  out.writeUInt16LE(32, 34);
  out.write('data', 36, 'ascii');
  out.writeUInt32LE(dataBytes, 40);
  let offset = 44;
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < count; c++) {
      out.writeFloatLE(channels[c]![i]!, offset);
      offset += 4;
    }
  }
  return out;
}

export interface WavFloat32 {
  sampleRate: number;
  /** One array per channel. */
  channels: Float32Array[];
}

/** Reads a 32-bit float WAV (as ffmpeg's pcm_f32le writes it, plain or WAVE_FORMAT_EXTENSIBLE). */
export function decodeWavFloat32(bytes: Buffer): WavFloat32 {
  if (bytes.length < 12 || bytes.toString('ascii', 0, 4) !== 'RIFF' || bytes.toString('ascii', 8, 12) !== 'WAVE') {
    throw new Error('not a RIFF/WAVE file');
  }
  let offset = 12;
  let format: { tag: number; channels: number; sampleRate: number; bits: number } | null = null;
  while (offset + 8 <= bytes.length) {
    const id = bytes.toString('ascii', offset, offset + 4);
    // ffmpeg writes 0 or 0xFFFFFFFF sizes when streaming to a pipe: then the data runs to the end.
    let size = bytes.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      let tag = bytes.readUInt16LE(body);
      if (tag === FORMAT_EXTENSIBLE) tag = bytes.readUInt16LE(body + 24);
      format = { tag, channels: bytes.readUInt16LE(body + 2), sampleRate: bytes.readUInt32LE(body + 4), bits: bytes.readUInt16LE(body + 14) };
    } else if (id === 'data') {
      if (!format) throw new Error('WAV data chunk before its fmt chunk');
      if (format.tag !== FORMAT_IEEE_FLOAT || format.bits !== 32) throw new Error(`WAV is not 32-bit float (format ${format.tag}, ${format.bits} bits)`);
      if (size === 0 || size === 0xffffffff || body + size > bytes.length) size = bytes.length - body;
      const frames = Math.floor(size / (4 * format.channels));
      const channels = Array.from({ length: format.channels }, () => new Float32Array(frames));
      for (let i = 0; i < frames; i++) {
        for (let c = 0; c < format.channels; c++) channels[c]![i] = bytes.readFloatLE(body + (i * format.channels + c) * 4);
      }
      return { sampleRate: format.sampleRate, channels };
    }
    offset = body + size + (size % 2);
  }
  throw new Error('WAV has no data chunk');
}
