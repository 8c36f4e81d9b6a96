/**
 * Voice-like test sound for the capture check: a formant synthesiser (glottal pulses through vowel resonances, syllable
 * by syllable), which Silero VAD hears as speech. Used by the engine's capture test and the studio's camera e2e spec.
 */
import { encodeWavFloat32 } from '../audio/wav.js';

/** Mono float samples: `voiceFrom`…`voiceTo` seconds of voice-like sound inside `seconds` of near silence. */
export function voiceSamples(seconds: number, voiceFrom: number, voiceTo: number, rate = 16_000): Float32Array {
  const n = Math.round(seconds * rate);
  const out = new Float32Array(n);
  const vowels = [[730, 1090, 2440], [270, 2290, 3010], [300, 870, 2240], [530, 1840, 2480], [660, 1720, 2410]];
  const syllable = Math.round(0.25 * rate);
  let phase = 0;
  let seed = 7;
  const state = vowels[0]!.map(() => [0, 0]);
  for (let i = Math.round(voiceFrom * rate); i < Math.min(n, Math.round(voiceTo * rate)); i++) {
    const t = i / rate;
    phase += (120 + 20 * Math.sin(2 * Math.PI * 0.7 * t)) / rate;
    const pulse = phase % 1 < 0.05 ? 1 : 0;
    const k = Math.floor(i / syllable);
    const formants = vowels[k % vowels.length]!;
    let y = 0;
    formants.forEach((f, j) => {
      const r = Math.exp((-Math.PI * 80) / rate);
      const a1 = -2 * r * Math.cos((2 * Math.PI * f) / rate);
      const s = state[j]!;
      const v = pulse - a1 * s[0]! - r * r * s[1]!;
      s[1] = s[0]!;
      s[0] = v;
      y += v;
    });
    const within = (i % syllable) / syllable;
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    out[i] = y * Math.sqrt(Math.sin(Math.PI * within)) + 0.05 * (seed / 2 ** 31 - 0.5);
  }
  const peak = out.reduce((m, v) => Math.max(m, Math.abs(v)), 1e-9);
  return out.map((v) => (v / peak) * 0.6);
}

/** The same as a 16 kHz mono float WAV file's bytes. */
export function voiceWav(seconds: number, voiceFrom: number, voiceTo: number): Buffer {
  return encodeWavFloat32([voiceSamples(seconds, voiceFrom, voiceTo)], 16_000);
}
