// Partial dates ("1988", "July 1988", "7 September" with no year) as sortable integer keys:
// yyyymmdd with 00 for an unknown month or day. A date without a year has no key.

export interface PartialDateParts {
  year?: number | null;
  month?: number | null;
  day?: number | null;
}

export function sortKey(date: PartialDateParts | null | undefined): number | null {
  if (!date?.year) return null;
  return date.year * 10_000 + (date.month ?? 0) * 100 + (date.day ?? 0);
}

/**
 * The inclusive key range an ISO-like partial date covers: "1988" → 19880000–19881299,
 * "1988-07" → 19880700–19880799, "1988-07-19" → 19880719–19880719. Undefined when malformed.
 */
export function keyRange(text: string): { from: number; to: number } | undefined {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text.trim());
  if (!match) return undefined;
  const [, year, month, day] = match;
  const y = Number(year);
  const m = month === undefined ? undefined : Number(month);
  const d = day === undefined ? undefined : Number(day);
  if (m !== undefined && (m < 1 || m > 12)) return undefined;
  if (d !== undefined && (d < 1 || d > 31)) return undefined;
  if (m === undefined) return { from: y * 10_000, to: y * 10_000 + 1299 };
  if (d === undefined) return { from: y * 10_000 + m * 100, to: y * 10_000 + m * 100 + 99 };
  const key = y * 10_000 + m * 100 + d;
  return { from: key, to: key };
}
