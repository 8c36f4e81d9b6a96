import { describe, expect, it } from 'vitest';
import { restrictionTopics, type RestrictionTopic } from '../../../src-shared/cameo/restrictionTopics.js';
import { findBreach, instructionsClause } from './restrictions.js';
import { TOPIC_LEXICON } from './topics.js';
import { wordForms, words } from './wordForms.js';

const topic = (t: RestrictionTopic) => [{ kind: 'no_topic', topic: t } as const];

/** Prompts a cameo owner with every topic ruled out must still let through. */
const INNOCENT = [
  'a red ball bouncing on the beach',
  'a dog running through a park at sunset',
  'a devoted grandmother knitting by the fire',
  'the team wins the match and everyone cheers',
  'a stone wall covered in ivy',
  'a photo shoot on the beach at golden hour',
  'a shooting star over the mountains',
  'kids drinking fruit punch at a birthday party',
  'a man pulling weeds in the garden',
  'a brand new bicycle in the driveway',
  'a chef slicing vegetables with a knife and fork nearby',
  'a pillow fight at a sleepover',
  'a king and a queen walking through a garden of roses',
  'a family having a picnic by the lake',
  'a cat sleeping on a warm windowsill in the evening',
  'a woman reading a book in a quiet cafe',
  'a child with a water gun in the backyard',
  'a bullet train leaving the station',
  'a glass of ginger ale on the table',
  'oh my god, the waves are huge',
];

describe('cameo restrictions: topics', () => {
  it('catches a prompt by what it is about, not only the topic\'s own name', () => {
    expect(findBreach('a senator giving a campaign speech', topic('political'))).toMatchObject({ description: 'no political content', matched: 'senator' });
    expect(findBreach('Maya votes at the polling station', topic('political'))?.matched).toBe('votes');
    expect(findBreach('crowds of protesters outside parliament', topic('political'))?.matched).toBe('protesters');
    expect(findBreach('two men in a bar fight, one throws a punch', topic('violence'))).toMatchObject({ description: 'no violence', matched: 'fight' });
    expect(findBreach('a soldier holding an assault rifle', topic('weapons'))).toMatchObject({ description: 'no weapons', matched: 'assault rifle' });
    expect(findBreach('she pours two glasses of wine', topic('alcohol'))).toMatchObject({ description: 'no alcohol', matched: 'wine' });
    expect(findBreach('a topless sunbather', topic('sexual'))).toMatchObject({ description: 'no sexual content or nudity', matched: 'topless' });
    expect(findBreach('rolling a joint on the porch', topic('drugs'))?.matched).toBe('rolling a joint');
    expect(findBreach('he is betting everything at the roulette table', topic('gambling'))?.matched).toBe('betting');
    expect(findBreach('a choir singing a hymn in the cathedral', topic('religion'))).toMatchObject({ description: 'no religious content', matched: 'hymn' });
    expect(findBreach('holding a can of Red Bull to the camera', topic('advertising'))).toMatchObject({ description: 'no brands or advertising', matched: 'red bull' });
    expect(findBreach("lunch at McDonald's", topic('advertising'))?.matched).toBe('mcdonald');
  });

  it('catches inflections of the lexicon\'s words: plurals, -ing, -ed, -ies', () => {
    expect(findBreach('the candidates debated for an hour', topic('political'))?.matched).toBe('candidates');
    expect(findBreach('people were voting all day', topic('political'))?.matched).toBe('voting');
    expect(findBreach('she was stabbed in the story', topic('violence'))?.matched).toBe('stabbed');
    expect(findBreach('a person shooting at targets', topic('violence'))?.matched).toBe('shooting');
    expect(findBreach('three knives on a table', topic('weapons'))?.matched).toBe('knives');
    expect(findBreach('a drugged drink', topic('drugs'))?.matched).toBe('drugged');
  });

  it('lets innocent prompts through every topic, including the words that only look like a topic\'s', () => {
    const every = restrictionTopics.map((t) => ({ kind: 'no_topic', topic: t }) as const);
    for (const prompt of INNOCENT) expect(findBreach(prompt, every), prompt).toBeNull();
  });

  it('has a lexicon entry for every topic, each written so it matches itself', () => {
    for (const t of restrictionTopics) {
      expect(TOPIC_LEXICON[t].length, t).toBeGreaterThan(10);
      for (const entry of TOPIC_LEXICON[t]) {
        const term = typeof entry === 'string' ? entry : entry.term;
        expect(findBreach(`look: ${term}!`, topic(t))?.matched, `${t}: ${term}`).toBeTruthy();
      }
    }
  });
});

describe('cameo restrictions: never say, never show', () => {
  it('matches a never-say phrase across case, punctuation and inflection, and a never-show term in any number', () => {
    const rules = [
      { kind: 'never_say', phrase: 'I love cats' },
      { kind: 'never_show', term: 'cigarette' },
    ] as const;
    expect(findBreach('she says "i LOVE cats!" and smiles', rules)).toMatchObject({ description: 'never say "I love cats"', matched: 'i love cats' });
    expect(findBreach('he said I loved cats once', rules)?.matched).toBe('i loved cats');
    expect(findBreach('he holds two cigarettes', rules)).toMatchObject({ description: 'never show cigarette', matched: 'cigarettes' });
    expect(findBreach('she says I love dogs', rules)).toBeNull();
    // Whole words only: "cigarette" is not in "cigarettebox"; "vote" is not in "devoted".
    expect(findBreach('a cigarettebox', rules)).toBeNull();
    expect(findBreach('a devoted dog', [{ kind: 'never_say', phrase: 'vote' }])).toBeNull();
  });

  it('an owner\'s rule written in the plural or a tense catches the other forms too', () => {
    expect(findBreach('a cat with a hat', [{ kind: 'never_show', term: 'hats' }])?.matched).toBe('hat');
    expect(findBreach('she is dancing on the table', [{ kind: 'never_say', phrase: 'danced' }])?.matched).toBe('dancing');
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

describe('word forms', () => {
  it('folds inflections to their base and leaves short or irregular words alone', () => {
    expect(wordForms('voting')).toContain('vote');
    expect(wordForms('voted')).toContain('vote');
    expect(wordForms('votes')).toContain('vote');
    expect(wordForms('parties')).toContain('party');
    expect(wordForms('boxes')).toContain('box');
    expect(wordForms('stabbing')).toContain('stab');
    expect(wordForms('killing')).toContain('kill');
    expect(wordForms('killing')).not.toContain('kil');
    expect(wordForms('wines')).not.toContain('win');
    expect(wordForms('winning')).not.toContain('wine');
    expect([...wordForms('king')]).toEqual(['king']);
    expect([...wordForms('bus')]).toEqual(['bus']);
    expect([...wordForms('glass')]).toEqual(['glass']);
  });

  it('splits on punctuation, drops accents and possessives', () => {
    expect(words("Café's coca-cola, naïve!").map((w) => w.text)).toEqual(['cafe', 'coca', 'cola', 'naive']);
  });
});
