import { describe, expect, it } from 'vitest';
import { normalizeName } from '../../src/domain/names.js';

describe('normalizeName', () => {
  it.each([
    ['People’s Mojahedin Organization of Iran', 'peoples mojahedin organization of iran'],
    ['Mojāhedin', 'mojahedin'],
    ['PMOI / MEK', 'pmoi mek'],
    ['  Pour-Mohammadi ', 'pour mohammadi'],
    ['U.N.', 'u n'],
  ])('%s → %s', (name, normalized) => {
    expect(normalizeName(name)).toBe(normalized);
  });

  it('is empty for names without letters or digits', () => {
    expect(normalizeName(' – ')).toBe('');
  });
});
