/**
 * Owner restrictions, checked against a prompt before a job is queued and again before it runs. The check is lexical
 * (words and phrases), which is what a local engine can do without a moderation model: it catches a prompt that names
 * the forbidden thing, not one that describes it in other words. The README says so.
 */
import { restrictionTopics, type CameoRestriction } from './model.js';

/** Words that put a prompt in a topic. Lower case; matched as whole words (and their plural/-ing forms). */
const TOPIC_WORDS: Record<(typeof restrictionTopics)[number], readonly string[]> = {
  political: [
    'politics', 'political', 'politician', 'election', 'elect', 'vote', 'voting', 'ballot', 'campaign', 'president',
    'senator', 'congress', 'parliament', 'minister', 'prime minister', 'democrat', 'republican', 'party rally', 'rally',
    'protest', 'government', 'referendum', 'candidate', 'propaganda', 'partisan',
  ],
  violence: ['violence', 'violent', 'fight', 'punch', 'kill', 'murder', 'gun', 'shoot', 'stab', 'knife', 'blood', 'war', 'attack', 'weapon'],
  sexual: ['sex', 'sexual', 'nude', 'naked', 'erotic', 'porn', 'lingerie', 'undress', 'topless'],
  drugs: ['drug', 'cocaine', 'heroin', 'meth', 'weed', 'marijuana', 'cannabis', 'smoke a joint', 'pills', 'overdose'],
};

/** How a rule reads to a person, in refusals and in the library. */
export function describeRestriction(rule: CameoRestriction): string {
  switch (rule.kind) {
    case 'no_topic':
      return `no ${rule.topic} content`;
    case 'never_say':
      return `never say "${rule.phrase}"`;
    case 'never_show':
      return `never show ${rule.term}`;
  }
}

/** Lower case, punctuation to spaces, single spaces, padded so " word " finds whole words. */
function normalise(text: string): string {
  return ` ${text.toLowerCase().normalize('NFKC').replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `;
}

function mentions(prompt: string, term: string): boolean {
  const t = normalise(term).trim();
  if (!t) return false;
  // Whole words, allowing simple inflections of the last word (vote → votes, voting, voted).
  const escaped = t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(` ${escaped}(s|es|ing|ed|d)? `).test(prompt);
}

export interface RestrictionBreach {
  rule: CameoRestriction;
  /** The rule as the owner would read it ("no political content"). */
  description: string;
  /** What in the prompt matched. */
  matched: string;
}

/** The first rule the prompt breaks, or null. */
export function findBreach(prompt: string, rules: readonly CameoRestriction[]): RestrictionBreach | null {
  const text = normalise(prompt);
  for (const rule of rules) {
    const terms = rule.kind === 'no_topic' ? TOPIC_WORDS[rule.topic] : rule.kind === 'never_say' ? [rule.phrase] : [rule.term];
    const matched = terms.find((term) => mentions(text, term));
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
