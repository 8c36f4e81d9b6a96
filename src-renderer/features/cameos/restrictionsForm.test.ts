import { describe, expect, it } from 'vitest';
import { fromForm, toForm } from './restrictionsForm';

describe('restrictions editor', () => {
  it('round-trips the engine’s rules through the form, one phrase a line, blanks and repeats dropped', () => {
    const restrictions = [
      { kind: 'no_topic' as const, topic: 'political' as const },
      { kind: 'never_say' as const, phrase: 'buy crypto' },
      { kind: 'never_show' as const, term: 'cigarettes' },
    ];
    const form = toForm(restrictions, ['always wearing round glasses']);
    expect(form).toEqual({ topics: ['political'], neverSay: 'buy crypto', neverShow: 'cigarettes', instructions: 'always wearing round glasses' });
    expect(fromForm({ ...form, neverSay: 'buy crypto\n\n  buy crypto \nvote for me' })).toEqual({
      restrictions: [...restrictions.slice(0, 2), { kind: 'never_say', phrase: 'vote for me' }, restrictions[2]],
      instructions: ['always wearing round glasses'],
    });
  });

  it('names a line that is too long and too many rules instead of sending them', () => {
    expect(fromForm({ topics: [], neverSay: '', neverShow: 'x'.repeat(101), instructions: '' })).toEqual({ problem: expect.stringMatching(/too long/) });
    const many = Array.from({ length: 17 }, (_, i) => `rule ${i}`).join('\n');
    expect(fromForm({ topics: [], neverSay: '', neverShow: '', instructions: many })).toEqual({ problem: '17 instructions; a cameo takes at most 16' });
  });
});
