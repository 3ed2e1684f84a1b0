// Splitting a raw text into its body and the boilerplate regions cut from it. The body is
// the pieces between regions, each trimmed, joined by one blank line; `toRaw` maps a body
// offset back to the raw text, so nothing is lost by the cut.

export interface Region {
  start: number;
  end: number;
}

export interface Piece {
  rawStart: number;
  bodyStart: number;
  length: number;
}

export interface Split {
  body: string;
  pieces: Piece[];
}

export const PIECE_SEPARATOR = '\n\n';

export function overlapping(regions: Region[]): [Region, Region] | undefined {
  const sorted = [...regions].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1]!;
    const current = sorted[i]!;
    if (current.start < previous.end) return [previous, current];
  }
  return undefined;
}

export function splitBoilerplate(raw: string, regions: Region[]): Split {
  const clash = overlapping(regions);
  if (clash) throw new Error(`boilerplate regions ${clash[0].start}–${clash[0].end} and ${clash[1].start}–${clash[1].end} overlap`);
  const sorted = [...regions].sort((a, b) => a.start - b.start);
  const pieces: Piece[] = [];
  let body = '';
  let cursor = 0;
  const keep = (from: number, to: number) => {
    const segment = raw.slice(from, to);
    const leading = segment.length - segment.trimStart().length;
    const trimmed = segment.trim();
    if (trimmed.length === 0) return;
    if (body.length > 0) body += PIECE_SEPARATOR;
    pieces.push({ rawStart: from + leading, bodyStart: body.length, length: trimmed.length });
    body += trimmed;
  };
  for (const region of sorted) {
    keep(cursor, region.start);
    cursor = region.end;
  }
  keep(cursor, raw.length);
  return { body, pieces };
}

/** The raw offset of a body offset, or undefined when it falls on a separator the split added. */
export function toRaw(split: Split, bodyOffset: number): number | undefined {
  for (const piece of split.pieces) {
    if (bodyOffset >= piece.bodyStart && bodyOffset <= piece.bodyStart + piece.length) return piece.rawStart + (bodyOffset - piece.bodyStart);
  }
  return undefined;
}
