import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultTable } from '../src/domain/normalisation-table.js';
import { storedValue } from '../src/domain/properties.js';
import { activeTable } from '../src/services/normalisation.js';

const dir = mkdtempSync(join(tmpdir(), 'crosscheck-table-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};

describe('the normalisation table in force', () => {
  it('is the default without NORMALISATION_TABLE', () => {
    expect(activeTable(undefined)).toBe(defaultTable);
  });

  it('merges an override file over the default, entry by entry', () => {
    const table = activeTable(file('override.json', { version: 3, vagueQuantities: [{ phrase: 'thousands', lower: 1000, upper: 9999 }] }));
    expect(storedValue('deathToll', 'thousands', false, table)).toMatchObject({ lower: 1000, upper: 9999, normalisedBy: 3, valueNote: 'vague: "thousands" (table v3)' });
    expect(storedValue('deathToll', 'tens of thousands', false, table)).toMatchObject({ lower: 20000, upper: 99999 });
  });

  it.each([
    ['not JSON', '{', /cannot be read as JSON/],
    ['an unknown key', { version: 3, colours: [] }, /is invalid at \(root\): Unrecognized key/],
    ['a bad range', { version: 3, vagueShares: [{ phrase: 'most', lower: 'half', upper: 1 }] }, /is invalid at vagueShares\.0\.lower/],
    ['no version', { vagueShares: [] }, /must set "version"/],
    ['the same version', { version: 2, vagueShares: [] }, /must raise version above 2/],
  ])('refuses a file with %s', (_name, content, message) => {
    expect(() => activeTable(file(`${_name}.json`, content))).toThrow(message);
  });
});

describe('stored values of claims', () => {
  it('normalises by property and keeps the reason when it cannot', () => {
    expect(storedValue('deathToll', 'about 30,000', false)).toEqual({ valueKind: 'QUANTITY', lower: 27000, upper: 33000, approximate: true, valueNote: 'approximately: ±10%', normalisedBy: 2 });
    expect(storedValue('victimAffiliationShare', 'mainly', false)).toMatchObject({ valueKind: 'SHARE', lower: 0.5, upper: 1 });
    expect(storedValue('date', 'summer of 1988', false)).toMatchObject({ valueKind: 'DATE', lower: 19880600, upper: 19880999 });
    expect(storedValue('role', 'head of the judiciary', false)).toMatchObject({ valueKind: 'TEXT', valueNote: 'property "role" takes text values' });
    expect(storedValue('orderedBy', 'Khomeini', true)).toMatchObject({ valueKind: 'ENTITY' });
    expect(storedValue('deathToll', 'a great many', false)).toMatchObject({ valueKind: 'TEXT', valueNote: 'no number or known vague quantity in "a great many"' });
  });
});
