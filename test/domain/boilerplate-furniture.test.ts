// Page furniture of other genres than the seed files (src/domain/boilerplate-detect.ts): byline and
// date lines, related links of any length, reference and category footers, "Follow X on …",
// cookie and newsletter notices, credit and procedural lines. The examples are written here in
// the general forms sites use; none is taken from the development corpus.
import { describe, expect, it } from 'vitest';
import { detectBoilerplate } from '../../src/domain/boilerplate-detect.js';
import { splitBoilerplate } from '../../src/domain/boilerplate.js';

const regions = (raw: string, title?: string) => detectBoilerplate(raw, { title }).map((r) => ({ kind: r.kind, text: raw.slice(r.start, r.end) }));
const body = (raw: string) => splitBoilerplate(raw, detectBoilerplate(raw)).body;

const LEDE = 'The regional council voted on Tuesday to close the old harbour bridge to heavy lorries after engineers found cracks in two of its supporting piers.';
const SECOND = 'Repairs are expected to take at least eighteen months, the council said, and a temporary crossing will be built upstream.';

describe('bylines and dates: metadata, not the headline, not the body', () => {
  it('cuts a byline and a date line under the headline as CREDITS, and the headline as HEADLINE', () => {
    const raw = `Harbour bridge closed to lorries\n\nBy Maria Lopez and Tom Hale\n14 February 2026\n\n${LEDE}\n\n${SECOND}`;
    expect(regions(raw)).toEqual([
      { kind: 'HEADLINE', text: 'Harbour bridge closed to lorries' },
      { kind: 'CREDITS', text: 'By Maria Lopez and Tom Hale\n14 February 2026' },
    ]);
    expect(body(raw).startsWith('The regional council')).toBe(true);
  });

  it('never takes a byline standing first for the headline', () => {
    const raw = `By Maria Lopez\n\nHarbour bridge closed to lorries\n\n${LEDE}`;
    expect(regions(raw)).toEqual([
      { kind: 'CREDITS', text: 'By Maria Lopez' },
      { kind: 'HEADLINE', text: 'Harbour bridge closed to lorries' },
    ]);
  });

  it('cuts credit lines (issuer and date, place and date, segments) with their short neighbours', () => {
    const raw = `APPEAL: PROTECT THE STRIKERS\n\nWorkers Rights Network\nUA 12/21 – 9 July 2021\n\n${LEDE}`;
    expect(regions(raw).map((r) => r.text)).toEqual(['APPEAL: PROTECT THE STRIKERS', 'Workers Rights Network\nUA 12/21 – 9 July 2021']);
    const segments = `Why the river needs room\nOpinion · Ana Ruiz · 11 August 2024\n\n${LEDE}`;
    expect(regions(segments).map((r) => r.text)).toEqual(['Why the river needs room', 'Opinion · Ana Ruiz · 11 August 2024']);
  });

  it('keeps the headline’s deck and record headings glued under it', () => {
    const raw = `CITY COUNCIL – MINUTES\nMeeting of Tuesday 3 March 2020\nItem 4: the harbour bridge\n\n${LEDE}`;
    const found = regions(raw);
    expect(found.map((r) => r.text).join('\n')).toBe('CITY COUNCIL – MINUTES\nMeeting of Tuesday 3 March 2020\nItem 4: the harbour bridge');
    expect(body(raw)).toBe(LEDE);
  });

  it('leaves a dateline opening the first paragraph in the body', () => {
    const raw = `Harbour bridge closed\n\nPORTVILLE, 3 May 2022 (Coast News Agency) – ${LEDE}`;
    expect(body(raw).startsWith('PORTVILLE, 3 May 2022')).toBe(true);
  });
});

describe('related links, references and categories', () => {
  it('cuts an inline related-links line of any length', () => {
    const long = `Related: ${Array.from({ length: 12 }, (_, i) => `Story number ${i} about the bridge`).join(' | ')}`;
    const raw = `Headline here\n\n${LEDE}\n\n${long}\n\n${SECOND}\n\nRead more on valleytimes.example: Bridge closures | Lorry routes`;
    expect(regions(raw).filter((r) => r.kind === 'RELATED_LINKS').map((r) => r.text)).toEqual([long, 'Read more on valleytimes.example: Bridge closures | Lorry routes']);
    expect(body(raw)).toContain(SECOND);
  });

  it('cuts a block of headlines under "More from …:" or "See also" up to the footer', () => {
    const raw = `Headline here\n\n${LEDE}\n\n${SECOND}\n\nMore from Valley Times:\nFerry fares rise again\nNew cycle lane opens on the quay\n\nFollow Valley Times on Facebook and Instagram.`;
    const found = regions(raw);
    expect(found.find((r) => r.kind === 'RELATED_LINKS')?.text).toBe('More from Valley Times:\nFerry fares rise again\nNew cycle lane opens on the quay');
    expect(found.find((r) => r.kind === 'SHARE_LINKS')?.text).toBe('Follow Valley Times on Facebook and Instagram.');
  });

  it('stops a links block at a paragraph of the body', () => {
    const paragraph = `${SECOND} ${SECOND}`;
    const raw = `Headline here\n\n${LEDE}\n\nRelated stories\nFerry fares rise again\n\n${paragraph}`;
    expect(body(raw)).toContain(paragraph);
  });

  it('cuts an encyclopedia page’s See also, References, External links and Categories', () => {
    const raw = [
      'Tidal energy',
      'Tidal energy is a form of hydropower that converts the energy of the tides into electricity, mostly through barrages and underwater turbines.',
      'The first large tidal power station opened in the 1960s and is still in operation, with an output of some 240 megawatts.',
      'Costs remain high, and few sites have the tidal range needed.',
      'See also',
      'Wave power',
      'Renewable energy',
      'References',
      'Smith, J. (2010). Power from the sea. Ocean Press.',
      'Energy Agency (2019). Tidal power outlook.',
      'External links',
      'Official site of the tidal station',
      'Categories: Hydropower | Renewable energy | Tides',
    ].join('\n\n');
    const cut = body(raw);
    expect(cut).toContain('Costs remain high');
    for (const furniture of ['See also', 'Wave power', 'References', 'Power from the sea', 'External links', 'Official site', 'Categories']) expect(cut).not.toContain(furniture);
    expect(regions(raw).find((r) => r.kind === 'TAGS')?.text).toBe('Categories: Hydropower | Renewable energy | Tides');
  });

  it('does not take a "Sources" or "Notes" heading near the top for a footer', () => {
    const raw = `Headline here\n\nNotes\n\n${LEDE}\n\n${SECOND}\n\n${SECOND.replace('Repairs', 'Works')}\n\nThe end of the story is here.`;
    expect(body(raw)).toContain(SECOND);
  });
});

describe('follow, cookie, newsletter and credit lines', () => {
  it('cuts "Follow X on …" lines whatever X is', () => {
    for (const line of ['Follow Valley Times on X for live updates.', 'Follow our correspondent Ana Ruiz on Bluesky and Mastodon', 'Find us on Facebook', 'Join the conversation on Telegram.']) {
      const raw = `Headline here\n\n${LEDE}\n\n${line}`;
      expect(regions(raw).find((r) => r.kind === 'SHARE_LINKS')?.text, line).toBe(line);
    }
  });

  it('cuts cookie banners and newsletter blocks with their short heading', () => {
    const cookie = 'This website uses cookies to give you the best experience. Accept all cookies | Settings';
    const raw = `${cookie}\n\nHeadline here\n\n${LEDE}\n\nNewsletter\nSign up for our weekly newsletter and get the best stories in your inbox.\n\n-----\nYou are receiving this email because you subscribed on our website. Unsubscribe`;
    const cut = body(raw);
    expect(cut).toBe(LEDE);
  });

  it('cuts reprint, contact, reporting and about-the-author credits, and procedural lines of records', () => {
    const raw = [
      'Harbour bridge closed',
      'By Ana Ruiz',
      'This story first appeared in the Valley Times and is republished with permission.',
      LEDE,
      '(Laughter)',
      SECOND,
      '(Reporting by Ana Ruiz; editing by Sam Cole)',
      'Media contact: press office, Valley Council',
      'The sitting was suspended at 4.15 pm.',
      'Ana Ruiz is a reporter covering transport. The views expressed are her own.',
    ].join('\n\n');
    expect(body(raw)).toBe(`${LEDE}\n\n${SECOND}`);
  });

  it('keeps sentences that merely mention a newsletter, cookies or following', () => {
    const sentence = 'The council will follow the engineers’ advice on the bridge, and residents can read the full report in the next edition of the municipal newsletter, which is sent to every household in the district.';
    const raw = `Headline here\n\n${LEDE}\n\n${sentence}`;
    expect(body(raw)).toContain(sentence);
  });
});
