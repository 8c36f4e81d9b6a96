import { restrictionTopics, type RestrictionTopic } from '../../../src-shared/cameo/restrictionTopics';
import type { CameoRestriction } from './types';

export const TOPICS = restrictionTopics;
export type Topic = RestrictionTopic;

/** The restrictions editor's fields: topic boxes, and one never-say phrase / never-show term / instruction a line. */
export interface RestrictionsForm {
  topics: Topic[];
  neverSay: string;
  neverShow: string;
  instructions: string;
}

const lines = (text: string) => [...new Set(text.split('\n').map((l) => l.trim()).filter(Boolean))];

export function toForm(restrictions: CameoRestriction[], instructions: string[]): RestrictionsForm {
  return {
    topics: restrictions.flatMap((r) => (r.kind === 'no_topic' ? [r.topic] : [])),
    neverSay: restrictions.flatMap((r) => (r.kind === 'never_say' ? [r.phrase] : [])).join('\n'),
    neverShow: restrictions.flatMap((r) => (r.kind === 'never_show' ? [r.term] : [])).join('\n'),
    instructions: instructions.join('\n'),
  };
}

/** Back to what `cameos.update` takes; a line over the engine's limits is named instead of sent. */
export function fromForm(form: RestrictionsForm): { restrictions: CameoRestriction[]; instructions: string[] } | { problem: string } {
  const neverSay = lines(form.neverSay);
  const neverShow = lines(form.neverShow);
  const instructions = lines(form.instructions);
  const long = neverSay.find((l) => l.length > 200) ?? neverShow.find((l) => l.length > 100) ?? instructions.find((l) => l.length > 200);
  if (long) return { problem: `"${long.slice(0, 40)}…" is too long (never say and instructions: 200 characters; never show: 100)` };
  const restrictions: CameoRestriction[] = [
    ...form.topics.map((topic) => ({ kind: 'no_topic' as const, topic })),
    ...neverSay.map((phrase) => ({ kind: 'never_say' as const, phrase })),
    ...neverShow.map((term) => ({ kind: 'never_show' as const, term })),
  ];
  if (restrictions.length > 32) return { problem: `${restrictions.length} restrictions; a cameo takes at most 32` };
  if (instructions.length > 16) return { problem: `${instructions.length} instructions; a cameo takes at most 16` };
  return { restrictions, instructions };
}
