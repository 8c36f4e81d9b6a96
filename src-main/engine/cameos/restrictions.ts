/**
 * Owner restrictions, checked against a prompt before a job is queued and again before it runs. A topic rule ("no
 * political content") matches the topic's lexicon (topics.ts: words and phrases, with the phrases that take a word back
 * out); "never say" and "never show" match the owner's own words. Both match whole words in any inflection
 * (wordForms.ts). This is what a local engine can do without a moderation model: it catches a prompt that names the
 * topic ("a senator giving a campaign speech"), not one that describes it in words the lexicon lacks. The README says so.
 */
import { RESTRICTION_TOPIC_TEXT } from '../../../src-shared/cameo/restrictionTopics.js';
import type { CameoRestriction } from './model.js';
import { TOPIC_LEXICON, type TopicTerm } from './topics.js';
import { occurrences, words, type Word } from './wordForms.js';

/** How a rule reads to a person, in refusals and in the library. */
export function describeRestriction(rule: CameoRestriction): string {
  switch (rule.kind) {
    case 'no_topic':
      return `no ${RESTRICTION_TOPIC_TEXT[rule.topic]}`;
    case 'never_say':
      return `never say "${rule.phrase}"`;
    case 'never_show':
      return `never show ${rule.term}`;
  }
}

interface CompiledTerm {
  words: Word[];
  unless: Word[][];
}

const compile = (entry: string | TopicTerm): CompiledTerm =>
  typeof entry === 'string' ? { words: words(entry), unless: [] } : { words: words(entry.term), unless: (entry.unless ?? []).map((u) => words(u)) };

const compiledTopics = new Map<string, CompiledTerm[]>();
function topicTerms(topic: keyof typeof TOPIC_LEXICON): CompiledTerm[] {
  let terms = compiledTopics.get(topic);
  if (!terms) compiledTopics.set(topic, (terms = TOPIC_LEXICON[topic].map(compile)));
  return terms;
}

/** The first place the term occurs in the prompt outside its `unless` phrases (the prompt's words there), or null. */
function firstMatch(text: readonly Word[], term: CompiledTerm, mode: 'exact' | 'inflected'): { start: number; words: string } | null {
  const excused = term.unless.flatMap((u) => occurrences(text, u, 'exact').map((start) => ({ start, end: start + u.length })));
  for (const start of occurrences(text, term.words, mode)) {
    const end = start + term.words.length;
    if (excused.some((e) => e.start <= start && e.end >= end)) continue;
    return { start, words: text.slice(start, end).map((w) => w.text).join(' ') };
  }
  return null;
}

/** Of several terms, the one that occurs first in the prompt (the longest where two start together). */
function earliestMatch(text: readonly Word[], terms: readonly CompiledTerm[], mode: 'exact' | 'inflected'): string | null {
  let best: { start: number; words: string } | null = null;
  for (const term of terms) {
    const found = firstMatch(text, term, mode);
    if (found && (!best || found.start < best.start || (found.start === best.start && found.words.length > best.words.length))) best = found;
  }
  return best?.words ?? null;
}

export interface RestrictionBreach {
  rule: CameoRestriction;
  /** The rule as the owner would read it ("no political content"). */
  description: string;
  /** The prompt's words that matched, as written there (lower case): "senator", "voting". */
  matched: string;
}

/** The first rule the prompt breaks, or null. */
export function findBreach(prompt: string, rules: readonly CameoRestriction[]): RestrictionBreach | null {
  const text = words(prompt);
  for (const rule of rules) {
    const matched =
      rule.kind === 'no_topic'
        ? earliestMatch(text, topicTerms(rule.topic), 'exact')
        : earliestMatch(text, [compile(rule.kind === 'never_say' ? rule.phrase : rule.term)], 'inflected');
    if (matched) return { rule, description: describeRestriction(rule), matched };
  }
  return null;
}

/** The owner's instructions as the clause appended to the prompt ("…, always wearing glasses"). */
export function instructionsClause(instructions: readonly string[]): string {
  return instructions
    .map((i) => i.trim().replace(/[.;,]+$/, ''))
    .filter(Boolean)
    .join(', ');
}
