import type { CameoRecord } from './types';

/** What the capture check found, in words for the person who recorded (the engine's consent record). */
export function acceptedText(record: CameoRecord): string[] {
  const check = record.consent.check;
  if (!check) return [`@${record.handle} was saved without a capture check.`];
  return [
    check.faceRatio === null ? 'Face: not looked for (not a person).' : `Face: found in ${Math.round(check.faceRatio * 100)} % of the sampled frames.`,
    `Speech while the phrase was shown: ${check.speechSeconds.toFixed(1)} s.`,
    'Phrase words: not checked — no speech recognition model is installed, so the words you said were not compared with the phrase.',
  ];
}
