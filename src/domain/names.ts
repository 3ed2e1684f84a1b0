// The normalised form of a name, used to match names case-, accent- and punctuation-insensitively:
// "People’s Mojahedin" and "peoples mojāhedin" compare equal.

export function normalizeName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '') // combining marks: the accents NFKD split off
    .toLowerCase()
    .replace(/['’‘`´]/g, '') // apostrophes join, they do not separate ("People’s" → "peoples")
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
