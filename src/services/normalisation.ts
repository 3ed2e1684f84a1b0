// The normalisation table in force: the versioned default, with the entries of the JSON file
// named by NORMALISATION_TABLE merged over it (same shape as src/domain/normalisation-table.ts).
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { normalisationTablePath } from '../config.js';
import { defaultTable, mergeTable, type NormalisationTable } from '../domain/normalisation-table.js';

const range = z.object({ phrase: z.string().min(1), lower: z.number().nullable(), upper: z.number().nullable() }).strict();
const overrideSchema = z
  .object({
    version: z.number().int().positive(),
    vagueQuantities: z.array(range),
    vagueShares: z.array(range),
    approximately: z.object({ phrases: z.array(z.string()), tolerance: z.number().min(0).max(1) }).strict(),
    nearly: z.object({ phrases: z.array(z.string()), tolerance: z.number().min(0).max(1) }).strict(),
    lowerBoundBefore: z.array(z.string()),
    lowerBoundAfter: z.array(z.string()),
    upperBoundBefore: z.array(z.string()),
    upperBoundAfter: z.array(z.string()),
    seasons: z.record(z.tuple([z.number().int().min(1).max(12), z.number().int().min(1).max(12)])),
  })
  .partial()
  .strict()
  .refine((override) => override.version === undefined || override.version > defaultTable.version, {
    message: `an override must raise version above ${defaultTable.version}, so values normalised with it can be told apart`,
  });

export function activeTable(path: string | undefined = normalisationTablePath()): NormalisationTable {
  if (!path) return defaultTable;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`NORMALISATION_TABLE ${path} cannot be read as JSON: ${(error as Error).message}`);
  }
  const parsed = overrideSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`NORMALISATION_TABLE ${path} is invalid at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  if (parsed.data.version === undefined) throw new Error(`NORMALISATION_TABLE ${path} must set "version" (above ${defaultTable.version})`);
  return mergeTable(defaultTable, parsed.data as Partial<NormalisationTable>);
}
