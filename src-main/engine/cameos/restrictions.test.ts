import { describe, expect, it } from 'vitest';
import { findBreach, instructionsClause } from './restrictions.js';

describe('cameo restrictions', () => {
  it('finds a topic by its words, whole words only, with simple inflections', () => {
    const rules = [{ kind: 'no_topic', topic: 'political' } as const];
    expect(findBreach('Maya votes at the polling station', rules)).toMatchObject({ description: 'no political content', matched: 'vote' });
    expect(findBreach('a speech at an ELECTION rally!', rules)?.matched).toBe('election');
    // "devote" contains "vote" but is not about voting.
    expect(findBreach('a devoted dog on the beach', rules)).toBeNull();
    expect(findBreach('a red ball bouncing on the beach', rules)).toBeNull();
  });

  it('matches a never-say phrase across case and punctuation, and a never-show term', () => {
    const rules = [
      { kind: 'never_say', phrase: 'I love cats' },
      { kind: 'never_show', term: 'cigarette' },
    ] as const;
    expect(findBreach('she says "i LOVE cats!" and smiles', rules)).toMatchObject({ description: 'never say "I love cats"' });
    expect(findBreach('he holds two cigarettes', rules)).toMatchObject({ description: 'never show cigarette', matched: 'cigarette' });
    expect(findBreach('she says I love dogs', rules)).toBeNull();
  });

  it('names the first rule broken', () => {
    const rules = [
      { kind: 'never_show', term: 'hat' },
      { kind: 'no_topic', topic: 'violence' },
    ] as const;
    expect(findBreach('a fight over a hat', rules)?.description).toBe('never show hat');
  });

  it('joins instructions into one clause for the prompt', () => {
    expect(instructionsClause(['always wear glasses.', '  ', 'smile;'])).toBe('always wear glasses, smile');
    expect(instructionsClause([])).toBe('');
  });
});
