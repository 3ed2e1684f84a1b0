// Turning an input file into document texts: plain text as is, Markdown without its markup,
// HTML through a real parser (linkedom) and Mozilla's Readability, JSON Lines of
// {title, url, publishedAt, publisher, text}. Also the light metadata a text itself gives: a
// language (eld), a dateline ("London, 7 September –"), a title.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type * as ReadabilityModule from '@mozilla/readability';
import type * as Chrono from 'chrono-node';
import type { eld as Eld } from 'eld/small';
import type * as Linkedom from 'linkedom';
import { headDate } from './metadata.js';

// linkedom, Readability, chrono and eld's dictionary take most of a second to load: required on
// first use, so the server and commands that never extract start without them. The first three
// through their CommonJS builds; eld is ES modules only, with no `require` export, so by file
// (Node ≥ 20.19 requires ES modules synchronously).
const requireCjs = createRequire(import.meta.url);
let loaded: { chrono: typeof Chrono; linkedom: typeof Linkedom; readability: typeof ReadabilityModule; eld: typeof Eld } | undefined;
const libraries = () =>
  (loaded ??= {
    chrono: requireCjs('chrono-node') as typeof Chrono,
    linkedom: requireCjs('linkedom') as typeof Linkedom,
    readability: requireCjs('@mozilla/readability') as typeof ReadabilityModule,
    eld: (requireCjs(fileURLToPath(import.meta.resolve('eld/small'))) as { eld: typeof Eld }).eld,
  });
const chrono = { parse: (...args: Parameters<typeof Chrono.parse>) => libraries().chrono.parse(...args) };
const parseHTML = (html: string) => libraries().linkedom.parseHTML(html);

export type IngestFormat = 'TEXT' | 'MARKDOWN' | 'HTML' | 'JSONL';

export interface ExtractedDocument {
  /** Where it came from: a file name, "file.jsonl:3", "request". */
  source: string;
  text: string;
  title: string | null;
  url: string | null;
  publishedAt: string | null;
  publisher: string | null;
  /** Authors the source names outside the text (HTML meta tags, front matter). */
  authors?: string[];
}

export class ExtractError extends Error {
  constructor(
    readonly source: string,
    readonly reason: string,
  ) {
    super(`${source}: ${reason}`);
    this.name = 'ExtractError';
  }
}

export function formatOf(path: string): IngestFormat | undefined {
  const extension = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  switch (extension) {
    case 'txt':
    case 'text':
      return 'TEXT';
    case 'md':
    case 'markdown':
      return 'MARKDOWN';
    case 'html':
    case 'htm':
    case 'xhtml':
      return 'HTML';
    case 'jsonl':
    case 'ndjson':
      return 'JSONL';
    default:
      return undefined;
  }
}

/** Why bytes are not a text document, or undefined when they are. */
export function notText(bytes: Uint8Array): string | undefined {
  if (bytes.length === 0) return 'empty file';
  const sample = bytes.subarray(0, 8192);
  if (sample.includes(0)) return 'binary file (contains NUL bytes), not text';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return 'not valid UTF-8 text (binary or another encoding)';
  }
  return undefined;
}

const BLOCKS = new Set(['P', 'DIV', 'SECTION', 'ARTICLE', 'HEADER', 'FOOTER', 'ASIDE', 'NAV', 'MAIN', 'LI', 'UL', 'OL', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'BLOCKQUOTE', 'PRE', 'TABLE', 'TR', 'FIGURE', 'FIGCAPTION', 'DL', 'DT', 'DD', 'HR']);

interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}

/** Text of an element tree with one blank line between blocks and line breaks for <br>. */
function blockText(root: DomNode): string {
  const parts: string[] = [];
  const walk = (node: DomNode) => {
    if (node.nodeType === 3) {
      parts.push((node.textContent ?? '').replace(/[ \t\r\n]+/g, ' '));
      return;
    }
    if (node.nodeType !== 1) return;
    const name = node.nodeName.toUpperCase();
    if (name === 'SCRIPT' || name === 'STYLE' || name === 'NOSCRIPT' || name === 'TEMPLATE') return;
    if (name === 'BR') {
      parts.push('\n');
      return;
    }
    const block = BLOCKS.has(name);
    if (block) parts.push('\n\n');
    for (let i = 0; i < node.childNodes.length; i++) walk(node.childNodes[i]!);
    if (block) parts.push('\n\n');
  };
  walk(root);
  return parts
    .join('')
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export function extractHtml(source: string, html: string): ExtractedDocument {
  let document: ReturnType<typeof parseHTML>['document'];
  try {
    ({ document } = parseHTML(html));
  } catch (error) {
    throw new ExtractError(source, `HTML cannot be parsed: ${(error as Error).message}`);
  }
  const meta = (selector: string) => document.querySelector(selector)?.getAttribute('content')?.trim() || null;
  const publishedAt = meta('meta[property="article:published_time"]') ?? meta('meta[name="date"]') ?? meta('meta[itemprop="datePublished"]');
  const canonical = document.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? meta('meta[property="og:url"]');
  const publisher = meta('meta[property="og:site_name"]') ?? meta('meta[name="publisher"]') ?? meta('meta[property="article:publisher"]');
  // Authors: <meta name="author"> (one or several, "A, B" or "A and B") and article:author (a name, not a profile URL).
  const authors = [...document.querySelectorAll('meta[name="author"], meta[property="article:author"], meta[name="article:author"]')]
    .map((element) => element.getAttribute('content')?.trim() ?? '')
    .filter((content) => content.length > 0 && !/^https?:\/\//.test(content))
    .flatMap((content) => content.split(/\s*(?:;|,|\band\b|&)\s*/))
    .filter((name, index, all) => name.length > 0 && all.indexOf(name) === index);
  let article: ReturnType<ReadabilityModule.Readability['parse']> = null;
  try {
    article = new (libraries().readability.Readability)(document as unknown as Document, { charThreshold: 100 }).parse();
  } catch (error) {
    throw new ExtractError(source, `HTML has no readable article: ${(error as Error).message}`);
  }
  let text = '';
  if (article?.content) text = blockText(parseHTML(`<!doctype html><html><body>${article.content}</body></html>`).document.body as unknown as DomNode);
  // Short pages Readability gives up on: fall back to the body's block text.
  if (text.length === 0 && document.body) text = blockText(document.body as unknown as DomNode);
  if (text.trim().length === 0) throw new ExtractError(source, 'HTML has no readable text (no article, no body text)');
  const title = article?.title?.trim() || document.querySelector('title')?.textContent?.trim() || null;
  return { source, text, title, url: canonical && /^https?:\/\//.test(canonical) ? canonical : null, publishedAt: publishedAt ?? article?.publishedTime ?? null, publisher: publisher ?? article?.siteName ?? null, authors };
}

/** Markdown without its markup: headings, emphasis, links and images become their text. */
export function extractMarkdown(source: string, markdown: string): ExtractedDocument {
  let title: string | null = null;
  let body = markdown.replace(/\r\n?/g, '\n');
  // YAML front matter: title and date when present.
  let publishedAt: string | null = null;
  let url: string | null = null;
  let publisher: string | null = null;
  let authors: string[] = [];
  const front = /^---\n([\s\S]*?)\n---\n/.exec(body);
  if (front) {
    const field = (name: string) => new RegExp(`^${name}:\\s*["']?(.+?)["']?\\s*$`, 'm').exec(front[1]!)?.[1] ?? null;
    title = field('title');
    publishedAt = field('date');
    url = field('url');
    publisher = field('publisher');
    const author = field('author');
    if (author) authors = author.split(/\s*(?:;|,|\band\b|&)\s*/).filter(Boolean);
    body = body.slice(front[0].length);
  }
  const text = body
    .split('\n')
    .map((line) => {
      const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
      if (heading) {
        title ??= heading[1]!;
        return heading[1]!;
      }
      return line.replace(/^\s{0,3}>\s?/, '').replace(/^\s*[-*+]\s+/, '').replace(/^\s*\d+\.\s+/, '');
    })
    .join('\n')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[^\w*])[*_]([^*_\n]+)[*_](?=[^\w*]|$)/g, '$1$2')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/^\s*([-*_]\s*){3,}$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { source, text, title, url, publishedAt, publisher, authors };
}

export function extractText(source: string, text: string): ExtractedDocument {
  return { source, text: text.replace(/\r\n?/g, '\n').replace(/^\uFEFF/, ''), title: null, url: null, publishedAt: null, publisher: null };
}

/** One document per line; a bad line is its own refusal, the others still load. */
export function extractJsonLines(source: string, content: string): Array<ExtractedDocument | ExtractError> {
  const results: Array<ExtractedDocument | ExtractError> = [];
  content.split('\n').forEach((line, index) => {
    const result = extractJsonLine(`${source}:${index + 1}`, line);
    if (result) results.push(result);
  });
  return results;
}

/** One line of a JSON Lines file ({title, url, publishedAt, publisher, text}); null when blank. */
export function extractJsonLine(where: string, line: string): ExtractedDocument | ExtractError | null {
  if (line.trim().length === 0) return null;
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch (error) {
    return new ExtractError(where, `not JSON: ${(error as Error).message}`);
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    return new ExtractError(where, 'expected an object {title, url, publishedAt, publisher, text}');
  }
  const field = (name: string) => {
    const value = (record as Record<string, unknown>)[name];
    return typeof value === 'string' && value.trim().length > 0 ? value : null;
  };
  const text = field('text');
  if (!text) return new ExtractError(where, 'no "text" (a non-empty string is required)');
  // Authors: "author" ("A and B") or "authors" (a list of names).
  const list = (record as Record<string, unknown>).authors;
  const authors = Array.isArray(list) ? list.filter((name): name is string => typeof name === 'string' && name.trim().length > 0).map((name) => name.trim()) : (field('author')?.split(/\s*(?:;|,|\band\b|&)\s*/).filter(Boolean) ?? []);
  return { source: where, text: text.replace(/\r\n?/g, '\n'), title: field('title'), url: field('url'), publishedAt: field('publishedAt') ?? field('date'), publisher: field('publisher'), authors };
}

export function extract(source: string, format: IngestFormat, content: string): Array<ExtractedDocument | ExtractError> {
  switch (format) {
    case 'HTML':
      return [extractHtml(source, content)];
    case 'MARKDOWN':
      return [extractMarkdown(source, content)];
    case 'JSONL':
      return extractJsonLines(source, content);
    default:
      return [extractText(source, content)];
  }
}

export function detectLanguage(body: string): string | null {
  const sample = body.length > 4000 ? body.slice(0, 4000) : body;
  if (sample.trim().length < 20) return null;
  return libraries().eld.detect(sample).language || null;
}

export interface PartialDate {
  year: number | null;
  month: number | null;
  day: number | null;
  text: string;
}

/** A publication date: an explicit one, or one the text's head states (a date line, a credit line, a dateline). */
export function extractDate(explicit: string | null, body: string): PartialDate | null {
  if (explicit) {
    const iso = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(explicit.trim());
    if (iso) return { year: Number(iso[1]), month: iso[2] ? Number(iso[2]) : null, day: iso[3] ? Number(iso[3]) : null, text: explicit.trim() };
    const parsed = chrono.parse(explicit)[0];
    if (parsed) return fromChrono(parsed, explicit.trim());
  }
  // A date line, credit line or dateline in the first lines only (metadata.ts): chrono reads
  // that one date, never the body.
  const found = headDate(body);
  if (!found) return null;
  const parsed = chrono.parse(found.text)[0];
  return parsed ? fromChrono(parsed, found.text) : null;
}

function fromChrono(parsed: Chrono.ParsedResult, text: string): PartialDate {
  const known = (component: 'year' | 'month' | 'day') => (parsed.start.isCertain(component) ? (parsed.start.get(component) ?? null) : null);
  return { year: known('year'), month: known('month'), day: known('day'), text };
}
