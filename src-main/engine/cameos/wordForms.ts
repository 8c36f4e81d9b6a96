/**
 * Words for the restriction check: a prompt split into lower-case words, and each word with the base forms it may be
 * an inflection of ("votes", "voting", "voted" → "vote"; "parties" → "party"; "boxes" → "box"). Two words match when
 * their forms meet, so a rule written "never show cigarettes" catches "a cigarette", and a lexicon's "vote" catches
 * "voting".
 *
 * This is inflection only, on purpose: a full stemmer (Porter's) also folds derived words together ("universe" and
 * "university"), which would refuse innocent prompts. Derived words a topic needs ("voter", "fighter") are listed in
 * the topic lexicon instead. Suffix rules keep a stem of at least two letters with a vowel, so "king", "bed" and "bus"
 * are left alone, and "-es" is removed only where English adds it (after s, x, z, ch, sh, o): "wines" is not "win".
 */

export interface Word {
  /** The word as it is in the text, lower case. */
  text: string;
  /** The word itself and the base forms it may be an inflection of. */
  forms: ReadonlySet<string>;
}

const hasVowel = (s: string) => /[aeiouy]/.test(s);
const stemOk = (s: string) => s.length >= 2 && hasVowel(s);

/** "stabb" → "stab", "runn" → "run"; "kill", "kiss" and "buzz" keep their double letter. */
function undoubled(s: string): string | null {
  const last = s.at(-1);
  return s.length >= 3 && last === s.at(-2) && last && /[bcdfghjkmnpqrtvw]/.test(last) ? s.slice(0, -1) : null;
}

/** The word and every base form it may inflect. */
export function wordForms(word: string): Set<string> {
  const w = word.toLowerCase();
  const forms = new Set([w]);
  if (w.length <= 3) return forms;
  const add = (s: string | null) => s && stemOk(s) && forms.add(s);
  if (/ies$/.test(w) && w.length > 4) add(`${w.slice(0, -3)}y`);
  if (/ied$/.test(w) && w.length > 4) add(`${w.slice(0, -3)}y`);
  if (/(ss|sh|ch|x|z|o)es$/.test(w)) add(w.slice(0, -2));
  if (/s$/.test(w) && !/(ss|us|is)$/.test(w)) add(w.slice(0, -1));
  for (const suffix of ['ing', 'ed']) {
    if (!w.endsWith(suffix) || (suffix === 'ed' && w.endsWith('eed'))) continue;
    const stem = w.slice(0, -suffix.length);
    if (!stemOk(stem)) continue;
    add(stem);
    // "voting", "voted" → "vote".
    add(`${stem}e`);
    add(undoubled(stem));
  }
  return forms;
}

/** Lower case, accents off, possessive "'s" off, split on anything that is not a letter or digit. */
export function words(text: string): Word[] {
  const plain = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['’]s\b/g, '');
  return (plain.match(/[\p{L}\p{N}]+/gu) ?? []).map((t) => ({ text: t, forms: wordForms(t) }));
}

function meet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const f of a) if (b.has(f)) return true;
  return false;
}

/**
 * Where `phrase` occurs in `text` as whole words: the start indexes. `exact` phrase words (a lexicon's base forms) must
 * be one of the text word's forms; otherwise (an owner's own wording, which may be inflected too) the two words' forms
 * must meet.
 */
export function occurrences(text: readonly Word[], phrase: readonly Word[], mode: 'exact' | 'inflected'): number[] {
  const found: number[] = [];
  if (phrase.length === 0) return found;
  const same = mode === 'exact' ? (t: Word, p: Word) => t.forms.has(p.text) : (t: Word, p: Word) => meet(t.forms, p.forms);
  for (let i = 0; i + phrase.length <= text.length; i++) {
    if (phrase.every((p, k) => same(text[i + k]!, p))) found.push(i);
  }
  return found;
}
