import { describe, expect, it } from 'vitest';
import { hasInvisibleCharacters, textProblem } from './text.ts';

describe('textProblem', () => {
  it('refuses NUL, other C0 controls and lone surrogates', () => {
    expect(textProblem('a\u0000b')).toBe('nul_character');
    for (const control of ['\u0001', '\u0008', '\u000b', '\u000c', '\u000e', '\u001b', '\u001f'])
      expect(textProblem(`a${control}b`)).toBe('control_character');
    expect(textProblem('a\ud800')).toBe('lone_surrogate');
    expect(textProblem('\udfffa')).toBe('lone_surrogate');
  });

  it('accepts tab, line breaks, any character of a pair, and what identifiers refuse', () => {
    for (const text of ['a\tb\nc\r\n', 'emoji 😀 pair', 'Zoë', 'ad\u200bmin', 'rtl\u202eoverride', ''])
      expect(textProblem(text)).toBeUndefined();
  });
});

describe('hasInvisibleCharacters', () => {
  it('finds zero-width, bidi, BOM, soft hyphen and control characters', () => {
    for (const invisible of [
      '\u200b',
      '\u200c',
      '\u200d',
      '\u2060',
      '\u200e',
      '\u202a',
      '\u202e',
      '\u2066',
      '\u2069',
      '\ufeff',
      '\u00ad',
      '\u0007',
      '\u007f',
    ])
      expect(hasInvisibleCharacters(`ad${invisible}min@example.com`)).toBe(true);
  });

  it('leaves ordinary letters, marks and punctuation alone', () => {
    for (const visible of ['admin@example.com', 'zoë.o’neill@example.com', 'Ácme Corp.', '株式会社'])
      expect(hasInvisibleCharacters(visible)).toBe(false);
  });
});
