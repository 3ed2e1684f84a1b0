// Metadata a text gives about itself (src/domain/metadata.ts, extract.ts): publication dates in
// date lines, credit lines and datelines; authors in bylines, meta tags, front matter and JSON
// Lines; publisher names. The examples are written here in the general forms news agencies, NGOs,
// encyclopedias, records and blogs use; none is taken from the development corpus.
import { describe, expect, it } from 'vitest';
import { extractDate, extractHtml, extractJsonLine, extractMarkdown, type ExtractedDocument } from '../../src/domain/extract.js';
import { bylineAuthors, headDate, headLines, isCreditLine, isDateLine, publisherNames, textAuthors } from '../../src/domain/metadata.js';

const date = (text: string) => {
  const found = extractDate(null, text);
  return found && { year: found.year, month: found.month, day: found.day };
};

describe('publication dates in the head of a text', () => {
  it('reads a date alone on a line under the headline, with or without a weekday', () => {
    expect(date('Storm closes northern ports\n\nMonday 3 February 2025\n\nHeavy seas kept every ferry in harbour on Monday as the storm moved east along the coast, forecasters said.')).toEqual({ year: 2025, month: 2, day: 3 });
    expect(date('Harvest festival returns\nSaturday, October 4, 2025\n\nThe town square filled with stalls for the first time since the pandemic began, and organisers counted thousands of visitors.')).toEqual({ year: 2025, month: 10, day: 4 });
  });

  it('reads "Published:", "Posted on" and "Updated" lines', () => {
    expect(date('A new library opens\nPublished: 7 June 2022\n\nThe library has three floors.')).toEqual({ year: 2022, month: 6, day: 7 });
    expect(date('Notes from the field\nPosted on March 12, 2021 by a volunteer\n\nWe drove north at dawn.')).toEqual({ year: 2021, month: 3, day: 12 });
    expect(date('Bridge reopens\nUpdated 2023-11-30 14:05 GMT\n\nTraffic is flowing again.')).toEqual({ year: 2023, month: 11, day: 30 });
  });

  it('reads a dateline with the agency in brackets, and a dateline without a year', () => {
    expect(date('Talks collapse\n\nGENEVA, 18 April 2019 (Reuters) – Negotiators left the table on Thursday after a week of talks that produced no agreement on the disputed border crossings.')).toEqual({ year: 2019, month: 4, day: 18 });
    expect(date('NAIROBI, Kenya, 2 May 2020 (AP) – The rains arrived early this year, farmers said, and many had not yet planted their maize in the western highlands.')).toEqual({ year: 2020, month: 5, day: 2 });
    expect(date('Dam inspections ordered\n\nLIMA, Jan 14 (AFP) - The government ordered inspections of every dam in the country after a small reservoir burst its walls on Sunday night.')).toEqual({ year: null, month: 1, day: 14 });
  });

  it('reads a credit line: issuer, reference and date; place and date; publisher segments', () => {
    expect(date('URGENT ACTION: FREE THE STRIKERS\n\nWorkers Rights Network\nUA 12/21 – 9 July 2021\n\nTwelve strikers were arrested at the port.')).toEqual({ year: 2021, month: 7, day: 9 });
    expect(date('Statement on the municipal vote\nLakeside, 30 September 2018\n\nThe mission observed the vote in twelve towns.')).toEqual({ year: 2018, month: 9, day: 30 });
    expect(date('Why the river needs room\nBy Ana Ruiz | The Weekly Current | 11 August 2024\n\nEvery spring the same streets flood.')).toEqual({ year: 2024, month: 8, day: 11 });
    expect(date('ANNUAL REVIEW\nPrepared by the Coastal Trust, December 2016\n\nThe year in numbers.')).toEqual({ year: 2016, month: 12, day: null });
  });

  it('does not take the date of the thing a heading is about, nor a reporting period', () => {
    // "the referendum of 2 March 2014" is the event's date; the line below is the statement's.
    expect(date('Observer Mission\nFinal statement on the referendum of 2 March 2014\nHillbrook, 6 March 2014\n\nThe mission deployed forty observers.')).toEqual({ year: 2014, month: 3, day: 6 });
    expect(date('Weekly Bulletin No. 4\nReporting period: 3–9 June 2019\n\nCases fell in every district.')).toBeNull();
    expect(headDate('Weekly Bulletin No. 4\nReporting period: 3 to 9 June 2019\n\nCases fell in every district.')).toBeNull();
  });

  it('reads only the head: a date in the body is the date of an event, not of the text', () => {
    const body = 'Flooding in the delta\n\nThe river broke its banks on 5 May 2018, and the water stayed for weeks in the lower villages, where most houses are built of mud brick and straw.\n\nA second flood followed on 20 June 2018.';
    expect(date(body)).toBeNull();
  });

  it('keeps an explicit date (meta tag, JSON Lines field, front matter) first', () => {
    expect(date('x')).toBeNull();
    expect(extractDate('2020-01-31', 'Headline\n\n12 March 2024\n\nBody.')).toMatchObject({ year: 2020, month: 1, day: 31 });
  });

  it('looks at a bounded head only, however long the text', () => {
    const long = `Headline\n\n${'A sentence of the body that goes on. '.repeat(200_000)}`;
    const lines = headLines(long);
    expect(lines.length).toBeLessThanOrEqual(8);
    expect(extractDate(null, long)).toBeNull();
  });

  it('tells a date line from a sentence', () => {
    expect(isDateLine('14 February 2026')).toBe(true);
    expect(isDateLine('Last updated: Feb 14, 2026, 09:30 GMT')).toBe(true);
    expect(isDateLine('The council met on 14 February 2026.')).toBe(false);
    expect(isCreditLine('Press release · Harbour Trust · 2 December 2019')).toBe(true);
    expect(isCreditLine('The council met on 14 February 2026 and voted for the plan.')).toBe(false);
  });
});

describe('authors', () => {
  it('reads bylines: one name, several, a name with a role, a name with a particle', () => {
    expect(bylineAuthors('By Maria Lopez')).toEqual(['Maria Lopez']);
    expect(bylineAuthors('By Tom Hale and Ines Duarte')).toEqual(['Tom Hale', 'Ines Duarte']);
    expect(bylineAuthors('By Tom Hale, Ines Duarte and Kwame Mensah in Accra')).toEqual(['Tom Hale', 'Ines Duarte', 'Kwame Mensah']);
    expect(bylineAuthors('BY Jan van der Berg')).toEqual(['Jan van der Berg']);
    expect(bylineAuthors('Oluwaseun Adeyemi, Staff Reporter')).toEqual(['Oluwaseun Adeyemi']);
    expect(bylineAuthors('Lea Novak, Senior Health Correspondent')).toEqual(['Lea Novak']);
    expect(bylineAuthors('By the end of the week the water had gone.')).toBeNull();
    expect(bylineAuthors('Bystanders said the fire spread quickly.')).toBeNull();
  });

  it('finds the byline in the head, a name above the date line, a reprint credit, a "Reporting by" credit', () => {
    expect(textAuthors('Rivers rise again\n\nBy Noor Haddad\n\nTHE HAGUE, 2 March 2021 – Rain fell for a fifth day across the lowlands on Tuesday as water boards opened the sluices.')).toEqual(['Noor Haddad']);
    expect(textAuthors('Why I left the party\n\nMartin Olsen\nPublished 4 April 2022\n\nI joined at nineteen.')).toEqual(['Martin Olsen']);
    expect(textAuthors('Weekly digest\nReprinted with permission from Open Streets Collective (2 June 2020)\n\nThe city closed two parks.')).toEqual(['Open Streets Collective']);
    expect(textAuthors('Port strike ends\n\nDockers returned to work on Monday after a deal on shift pay was signed late on Sunday night by both unions.\n\n(Reporting by Priya Nair; editing by Sam Cole)')).toEqual(['Priya Nair']);
    expect(textAuthors('By the river\n\nThe evening was quiet.')).toEqual([]);
  });

  it('reads <meta name="author"> and article:author (a name, not a profile URL) in HTML', () => {
    const html = (head: string) =>
      `<html><head><title>T</title>${head}</head><body><article><h1>T</h1><p>${'The council approved the new budget after a long debate about the cost of repairing the old bridge. '.repeat(3)}</p></article></body></html>`;
    expect(extractHtml('a.html', html('<meta name="author" content="Rosa Klein">')).authors).toEqual(['Rosa Klein']);
    expect(extractHtml('b.html', html('<meta name="author" content="Rosa Klein and Omar Said">')).authors).toEqual(['Rosa Klein', 'Omar Said']);
    expect(extractHtml('c.html', html('<meta property="article:author" content="https://example.org/people/rosa"><meta property="article:author" content="Omar Said">')).authors).toEqual(['Omar Said']);
    expect(extractHtml('d.html', html('<meta property="og:site_name" content="Valley Times">')).publisher).toBe('Valley Times');
  });

  it('reads authors and publisher from Markdown front matter and JSON Lines', () => {
    const md = extractMarkdown('a.md', '---\ntitle: Notes\ndate: 2021-05-06\nauthor: Ada Byrne\npublisher: Field Notes Press\n---\n\n# Notes\n\nText.\n');
    expect({ authors: md.authors, publisher: md.publisher }).toEqual({ authors: ['Ada Byrne'], publisher: 'Field Notes Press' });
    const line = extractJsonLine('f.jsonl:1', JSON.stringify({ title: 'T', publisher: 'Northern Courier', authors: ['Ada Byrne', 'Li Wei'], text: 'Body.' })) as ExtractedDocument;
    expect({ authors: line.authors, publisher: line.publisher }).toEqual({ authors: ['Ada Byrne', 'Li Wei'], publisher: 'Northern Courier' });
    const single = extractJsonLine('f.jsonl:2', JSON.stringify({ author: 'Ada Byrne and Li Wei', text: 'Body.' })) as ExtractedDocument;
    expect(single.authors).toEqual(['Ada Byrne', 'Li Wei']);
  });
});

describe('publisher names a text gives', () => {
  it('names the agency of a dateline, an encyclopedia, "Prepared by", credit-line segments and the copyright holder', () => {
    expect(publisherNames('Talks collapse\n\nGENEVA, 18 April 2019 (Global Press Agency) – Negotiators left the table after a week of talks.')).toContain('Global Press Agency');
    expect(publisherNames('Tidal energy\n\nFrom Wikiversum, the free encyclopedia\n\nTidal energy is a form of hydropower.')).toContain('Wikiversum');
    expect(publisherNames('COASTAL REVIEW\nPrepared by the Coastal Trust with the Fishers Guild, May 2017\n\nText.')[0]).toBe('Coastal Trust');
    expect(publisherNames('Op-ed title\nBy Ana Ruiz | The Weekly Current | 11 August 2024\n\nText.')).toContain('The Weekly Current');
    expect(publisherNames('Headline\n\nBody text of the story.\n\n© 2022 Valley Times. All rights reserved.')).toContain('Valley Times');
  });

  it('does not take the original publisher of a reprint for the reprint’s', () => {
    expect(publisherNames('Weekly digest\nReprinted with permission from Open Streets Collective (2 June 2020)\n\nThe city closed two parks.')).not.toContain('Open Streets Collective');
  });
});
