/**
 * A remix seed from the feed becomes a new project's storyboard. The studio publishes the storyboard summary as one
 * numbered line per scene ("1. a red ball…"), so a remix gets the same scenes back; anything else becomes one scene.
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { ProjectDocument, Scene } from '../../../src-shared/project/index.js';

export interface RemixSource {
  title: string;
  prompt: string;
  storyboardSummary: string;
}

const MAX_SCENES = 50;
const NUMBERED = /^\s*\d{1,3}[.)]\s+(.+?)\s*$/;

/** One line per scene, numbered, as published with a take. */
export function storyboardSummary(prompts: readonly string[]): string {
  return prompts
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .map((p, i) => `${i + 1}. ${p}`)
    .join('\n');
}

/** The scene prompts a remix starts with: the numbered storyboard lines, else the post's prompt. */
export function remixPrompts(source: RemixSource): string[] {
  const lines = source.storyboardSummary
    .split('\n')
    .map((line) => NUMBERED.exec(line)?.[1])
    .filter((p): p is string => !!p);
  if (lines.length > 0) return lines.slice(0, MAX_SCENES);
  const prompt = source.prompt.trim() || source.storyboardSummary.trim();
  return prompt ? [prompt.slice(0, 10_000)] : [];
}

/** The new project's document with a scene per prompt (2 s each, a fresh seed, no takes yet). */
export function withRemixScenes(document: ProjectDocument, prompts: readonly string[]): ProjectDocument {
  const scenes: Scene[] = prompts.map((prompt) => ({
    id: randomUUID(),
    prompt: prompt.slice(0, 10_000),
    negativePrompt: '',
    durationFrames: 2 * document.fps,
    seed: randomInt(0, 2 ** 32 - 1),
    seedLocked: false,
    stylePreset: null,
    cameraPreset: null,
    takeIds: [],
    activeTakeId: null,
  }));
  return { ...document, scenes: [...document.scenes, ...scenes] };
}
