import { builder } from './builder.js';

export interface PartialDateShape {
  year: number | null;
  month: number | null;
  day: number | null;
  text: string | null;
}

export const DatePrecision = builder.enumType('DatePrecision', {
  description: 'The finest part of a partial date that is known.',
  values: ['DAY', 'MONTH', 'YEAR', 'UNKNOWN'] as const,
});

export const PartialDate = builder.objectRef<PartialDateShape>('PartialDate').implement({
  description: 'A date known only in part ("July 1988", "7 September" with no year). `text` is the wording of the source.',
  fields: (t) => ({
    year: t.exposeInt('year', { nullable: true }),
    month: t.exposeInt('month', { nullable: true }),
    day: t.exposeInt('day', { nullable: true }),
    text: t.exposeString('text', { nullable: true }),
    precision: t.field({
      type: DatePrecision,
      resolve: (date) => (date.day !== null ? 'DAY' : date.month !== null ? 'MONTH' : date.year !== null ? 'YEAR' : 'UNKNOWN'),
    }),
  }),
});

/** Reads the four columns `<prefix>Year`, `<prefix>Month`, `<prefix>Day`, `<prefix>Text` of a row; null when all are empty. */
export function partialDate(row: object, prefix: string): PartialDateShape | null {
  const record = row as Record<string, unknown>;
  const date = {
    year: (record[`${prefix}Year`] as number | null) ?? null,
    month: (record[`${prefix}Month`] as number | null) ?? null,
    day: (record[`${prefix}Day`] as number | null) ?? null,
    text: (record[`${prefix}Text`] as string | null) ?? null,
  };
  return date.year === null && date.month === null && date.day === null && date.text === null ? null : date;
}
