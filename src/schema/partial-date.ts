import { builder } from './builder.js';

export interface PartialDateShape {
  year: number | null;
  month: number | null;
  day: number | null;
  text: string | null;
}

export const DatePrecision = builder.enumType('DatePrecision', {
  description: 'The finest part of a partial date that is known.',
  values: {
    DAY: { description: 'Day, month and year (or day and month when the year is unknown) are known.' },
    MONTH: { description: 'The month is known (with or without the year), not the day.' },
    YEAR: { description: 'Only the year is known.' },
    UNKNOWN: { description: 'No part is known as a number; only `text` carries the source’s wording.' },
  } as const,
});

export const PartialDate = builder.objectRef<PartialDateShape>('PartialDate').implement({
  description: 'A date known only in part ("July 1988", "7 September" with no year). `text` is the wording of the source.',
  fields: (t) => ({
    year: t.exposeInt('year', { nullable: true, description: 'The year (e.g. 1988); null when unknown.' }),
    month: t.exposeInt('month', { nullable: true, description: 'The month, 1 (January) to 12; null when unknown.' }),
    day: t.exposeInt('day', { nullable: true, description: 'The day of the month, 1 to 31; null when unknown.' }),
    text: t.exposeString('text', { nullable: true, description: 'The date as the source words it (e.g. "summer of 1988"); null when none was recorded.' }),
    precision: t.field({
      type: DatePrecision,
      description: 'The finest part that is known: DAY when `day` is set, else MONTH when `month` is, else YEAR when `year` is, else UNKNOWN.',
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
