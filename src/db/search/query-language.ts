// The one query language users type, for both databases:
//
//   massacre prisoners        both words (AND is implicit; a literal AND is ignored)
//   "death commission"        the words next to each other, in this order
//   Raisi OR Pourmohammadi    either (OR in capitals; lower-case "or" is a word)
//   massacre -1988            without the word (or "-"quoted phrase"); NOT in capitals does the same
//   Mojahed*                  words starting with this (at least two letters before the *);
//                             "death comm"* makes the phrase's last word a prefix
//
// Words are folded as both indexes fold them: lower case, accents removed (Mojāhedin = mojahedin).
// A word holding punctuation ("e-mail", "People's", "U.N.") is the phrase of its parts, because
// both tokenizers split there. Everything else the user types is text: brackets, colons, carets,
// semicolons, stray quotes and operators never reach the database as syntax. The parser returns a
// small AST; sqlite.ts and postgres.ts render it, quoting every word, so no input can produce an
// FTS5 or tsquery syntax error. A query with no positive word (only exclusions, only punctuation)
// matches nothing.

export const MAX_QUERY_LENGTH = 500;
export const MAX_QUERY_TERMS = 32;
const MIN_PREFIX_LENGTH = 2;

/** One or more consecutive words (more than one: a phrase). `prefix` applies to the last word. */
export interface Term {
  words: string[];
  prefix: boolean;
  /** As typed, without quotes and a trailing * (entity search normalises it as names are). */
  raw?: string;
}

/** Any of its terms (OR). */
export interface Clause {
  any: Term[];
}

export interface SearchQuery {
  /** All of these (AND). Empty: the query matches nothing. */
  all: Clause[];
  /** None of these. */
  none: Term[];
}

export class SearchQueryError extends Error {}

/** Lower case without accents: what both indexes store. */
export function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

/** The words of a text as the indexes see them: runs of letters and digits, folded. */
export function words(text: string): string[] {
  return fold(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

interface Item {
  kind: 'term' | 'or';
  negated: boolean;
  term?: Term;
}

export function parseQuery(input: string): SearchQuery {
  if (input.length > MAX_QUERY_LENGTH) {
    throw new SearchQueryError(`The search query is ${input.length} characters long; the limit is ${MAX_QUERY_LENGTH}.`);
  }
  const items: Item[] = [];
  let i = 0;
  let negateNext = false;
  while (i < input.length) {
    const char = input[i]!;
    if (/\s/u.test(char)) {
      i++;
      continue;
    }
    let negated = negateNext;
    negateNext = false;
    // A leading "-" (not inside a word) excludes what follows it directly.
    if (char === '-' && i + 1 < input.length && !/\s/u.test(input[i + 1]!)) {
      negated = true;
      i++;
    }
    let raw: string;
    let prefix = false;
    if (input[i] === '"') {
      const close = input.indexOf('"', i + 1);
      // An unbalanced quote runs to the end of the query.
      raw = input.slice(i + 1, close === -1 ? input.length : close);
      i = close === -1 ? input.length : close + 1;
      if (input[i] === '*') {
        prefix = true;
        i++;
      }
    } else {
      let end = i;
      while (end < input.length && !/\s/u.test(input[end]!) && input[end] !== '"') end++;
      raw = input.slice(i, end);
      i = end;
      if (raw === 'OR' && !negated) {
        items.push({ kind: 'or', negated: false });
        continue;
      }
      if (raw === 'AND' && !negated) continue;
      if (raw === 'NOT' && !negated) {
        negateNext = true;
        continue;
      }
      if (/[\p{L}\p{N}]\*+$/u.test(raw)) {
        prefix = true;
        raw = raw.replace(/\*+$/u, '');
      }
    }
    const parts = words(raw);
    if (parts.length === 0) continue;
    if (prefix && parts.at(-1)!.length < MIN_PREFIX_LENGTH) prefix = false;
    items.push({ kind: 'term', negated, term: { words: parts, prefix, raw } });
  }

  const query: SearchQuery = { all: [], none: [] };
  let joinNext = false;
  for (const [index, item] of items.entries()) {
    if (item.kind === 'or') {
      // OR joins the positive terms on either side; anywhere else it means nothing.
      const previous = items[index - 1];
      if (previous?.kind === 'term') joinNext = !previous.negated && query.all.length > 0;
      continue;
    }
    if (item.negated) {
      query.none.push(item.term!);
      joinNext = false;
      continue;
    }
    if (joinNext) query.all.at(-1)!.any.push(item.term!);
    else query.all.push({ any: [item.term!] });
    joinNext = false;
  }
  const terms = query.all.reduce((sum, clause) => sum + clause.any.length, 0) + query.none.length;
  if (terms > MAX_QUERY_TERMS) {
    throw new SearchQueryError(`The search query has ${terms} terms; the limit is ${MAX_QUERY_TERMS}.`);
  }
  // Duplicate words inside a term are fine; duplicate clauses cost nothing but are dropped anyway.
  return query;
}

/** True when the query can match something. */
export function isSearchable(query: SearchQuery): boolean {
  return query.all.length > 0;
}

/** The positive terms, in the order typed (for highlighting). */
export function positiveTerms(query: SearchQuery): Term[] {
  return query.all.flatMap((clause) => clause.any);
}

/** The query read as a name, for entity search: its positive terms as typed, in order, operators ignored. */
export function nameText(query: SearchQuery): string {
  return positiveTerms(query)
    .map((term) => term.raw ?? term.words.join(' '))
    .join(' ');
}

const ftsTerm = (term: Term) => `"${term.words.join(' ').replace(/"/g, '""')}"${term.prefix ? ' *' : ''}`;

/** FTS5 MATCH syntax. Every word is inside double quotes, so it is always valid. */
export function toFts5(query: SearchQuery): string {
  const clause = (c: Clause) => (c.any.length === 1 ? ftsTerm(c.any[0]!) : `(${c.any.map(ftsTerm).join(' OR ')})`);
  let match = query.all.map(clause).join(' AND ');
  if (query.none.length > 0) match = `(${match})${query.none.map((term) => ` NOT ${ftsTerm(term)}`).join('')}`;
  return match;
}

const lexeme = (word: string, prefix: boolean) => `'${word.replace(/'/g, "''").replace(/\\/g, '\\\\')}'${prefix ? ':*' : ''}`;
const tsTerm = (term: Term) => {
  const parts = term.words.map((word, index) => lexeme(word, term.prefix && index === term.words.length - 1));
  return parts.length === 1 ? parts[0]! : `(${parts.join(' <-> ')})`;
};

/**
 * PostgreSQL tsquery text for to_tsquery('simple', …). Words hold only letters and digits and are
 * quoted; the operators are ours. A phrase is `<->` (followed by), a prefix `:*`.
 */
export function toTsquery(query: SearchQuery): string {
  const clause = (c: Clause) => (c.any.length === 1 ? tsTerm(c.any[0]!) : `(${c.any.map(tsTerm).join(' | ')})`);
  return [...query.all.map(clause), ...query.none.map((term) => `!${tsTerm(term)}`)].join(' & ');
}
