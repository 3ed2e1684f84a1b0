// Claim suggestions from figures, one describe per rule class. The texts are invented (names,
// events and numbers of no real case and of no document in corpus/dev or seeds): the rules must
// hold for any wording of the same form, which the property test at the end checks on generated
// sentences.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeName } from '../../src/domain/names.js';
import { normaliseValue } from '../../src/domain/quantities.js';
import { buildGazetteer, suggest, type GazetteerName, type SuggestedClaim } from '../../src/domain/suggestions.js';
import type { ClaimContext } from '../../src/domain/claim-suggestions.js';

const ENTITIES: Array<[key: string, type: GazetteerName['type'], name: string, aliases: string[]]> = [
  ['kessel', 'EVENT', 'Kessel mine collapse', ['Kessel disaster']],
  ['dorland', 'EVENT', 'Dorland earthquake', []],
  ['varn', 'EVENT', 'Varn Valley cholera outbreak', []],
  ['ostrava', 'EVENT', 'Ostrava presidential election', []],
  ['okonjo', 'PERSON', 'Marta Okonjo', []],
  ['lindqvist', 'PERSON', 'Piet Lindqvist', []],
  ['bercovici', 'PERSON', 'Hana Bercovici', []],
  ['ferreira', 'PERSON', 'Tomas Ferreira', []],
  ['mines', 'ORGANISATION', 'Ministry of Mines', []],
  ['lantern', 'ORGANISATION', 'Red Lantern Relief', []],
  ['courier', 'ORGANISATION', 'Kessel Daily Courier', []],
  ['defence', 'ORGANISATION', 'Civil Defence Agency', []],
];
const id = new Map(ENTITIES.map(([key], index) => [key, index + 1]));
const keyOf = new Map([...id].map(([key, value]) => [value, key]));
const names: GazetteerName[] = ENTITIES.flatMap(([key, type, name, aliases]) => [
  { entityId: id.get(key)!, type, name, kind: 'PRIMARY' as const, normalized: normalizeName(name) },
  ...aliases.map((alias) => ({ entityId: id.get(key)!, type, name: alias, kind: 'ALIAS' as const, normalized: normalizeName(alias) })),
]);
const gazetteer = buildGazetteer(names);

/** A claim as the assertions read it: asserter is an entity key, "~description" for an unnamed source, or null (own voice). */
function view(claim: SuggestedClaim) {
  return {
    subject: keyOf.get(claim.subjectId),
    property: claim.property,
    value: claim.valueText,
    asserter: claim.asserterId !== null ? keyOf.get(claim.asserterId) : claim.asserterDescription !== null ? `~${claim.asserterDescription}` : null,
    modality: claim.modality,
  };
}

const claimsOf = (body: string, context: ClaimContext = {}) => suggest(body, gazetteer, context).claims;

/** The only claim of body. */
function only(body: string, context: ClaimContext = {}) {
  const claims = claimsOf(body, context);
  expect(claims.map(view), body).toHaveLength(1);
  return claims[0]!;
}

type Row = [body: string, property: string, value: string, asserter: string | null, modality: SuggestedClaim['modality']];

function expectOne([body, property, value, asserter, modality]: Row, subject?: string) {
  expect(view(only(body))).toEqual({ subject: subject ?? expect.any(String), property, value, asserter, modality });
}

describe('attribution frames name the asserter', () => {
  it.each<Row>([
    // X said (that) …
    ['Marta Okonjo said that 37 miners died in the Kessel mine collapse.', 'deathToll', '37', 'okonjo', 'REPORTS'],
    ['Hana Bercovici said on Tuesday that 300 protesters had been arrested after the Ostrava presidential election.', 'arrestCount', '300', 'bercovici', 'REPORTS'],
    // …, X said (on Monday)
    ['The Kessel mine collapse killed 37 miners, Marta Okonjo said on Monday.', 'deathToll', '37', 'okonjo', 'REPORTS'],
    ['Some 900 residents were evacuated after the Dorland earthquake, the Civil Defence Agency said.', 'displacedCount', 'Some 900', 'defence', 'ESTIMATES'],
    // …, said X
    ['Thirty-seven miners were killed in the Kessel mine collapse, said Marta Okonjo.', 'deathToll', 'Thirty-seven', 'okonjo', 'REPORTS'],
    ['Eighty people were hurt in the Dorland earthquake, said Tomas Ferreira.', 'injuredCount', 'Eighty', 'ferreira', 'REPORTS'],
    // according to X
    ['According to the Ministry of Mines, 52 workers died in the Kessel mine collapse.', 'deathToll', '52', 'mines', 'REPORTS'],
    ['At least 52 workers died in the Kessel mine collapse, according to the Ministry of Mines.', 'deathToll', 'At least 52', 'mines', 'REPORTS'],
    // reported / estimated / claimed / told reporters / stated
    ['The Ministry of Mines reported that 61 people were injured in the Kessel mine collapse.', 'injuredCount', '61', 'mines', 'REPORTS'],
    ['Red Lantern Relief estimated that about 400 people were displaced by the Dorland earthquake.', 'displacedCount', 'about 400', 'lantern', 'ESTIMATES'],
    ['Piet Lindqvist claimed that 80 miners had died in the Kessel mine collapse.', 'deathToll', '80', 'lindqvist', 'REPORTS'],
    ['Piet Lindqvist told reporters that 14 miners remain missing after the Kessel mine collapse.', 'missingCount', '14', 'lindqvist', 'REPORTS'],
    ['300 protesters had been arrested after the Ostrava presidential election, Hana Bercovici told reporters.', 'arrestCount', '300', 'bercovici', 'REPORTS'],
    ['The Civil Defence Agency stated that 230 residents were evacuated after the Dorland earthquake.', 'displacedCount', '230', 'defence', 'REPORTS'],
    // put the toll / number at …, gave the number as …
    ['The Ministry of Mines put the toll at 44 after the Kessel mine collapse.', 'deathToll', '44', 'mines', 'REPORTS'],
    ['The Ministry of Mines put the number of dead at 51 after the Kessel mine collapse.', 'deathToll', '51', 'mines', 'REPORTS'],
    ['Red Lantern Relief gave the number of injured in the Dorland earthquake as 800.', 'injuredCount', '800', 'lantern', 'REPORTS'],
    ['Red Lantern Relief estimated the number of displaced after the Dorland earthquake at 9,000.', 'displacedCount', '9,000', 'lantern', 'ESTIMATES'],
    // X's report says …
    ["The Ministry of Mines's report says 44 miners died in the Kessel mine collapse.", 'deathToll', '44', 'mines', 'REPORTS'],
    ['Red Lantern Relief’s report says 610 people were treated after the Dorland earthquake.', 'injuredCount', '610', 'lantern', 'REPORTS'],
    // X's account / figures / tally, adjectives between allowed, whatever words the name is made of
    ["Red Lantern Relief's latest figures show 300 people dead in the Dorland earthquake.", 'deathToll', '300', 'lantern', 'REPORTS'],
    ["The Ministry of Mines's tally of 40 deaths in the Kessel mine collapse was disputed by the union.", 'deathToll', '40', 'mines', 'REPORTS'],
    // passive: … was reported by X to be …, I am told by X that …
    ['The Kessel disaster toll was reported by Red Lantern Relief to be 44.', 'deathToll', '44', 'lantern', 'REPORTS'],
    ['In the Kessel mine collapse, 44 miners were reported by the Ministry of Mines to have died.', 'deathToll', '44', 'mines', 'REPORTS'],
    ['I am told by Marta Okonjo that 29 miners died in the Kessel mine collapse.', 'deathToll', '29', 'okonjo', 'REPORTS'],
  ])('%s', (...row) => expectOne(row));

  it('citing X gives the source when no subject says it', () => {
    expectOne(['Forty-four miners died in the Kessel mine collapse, citing Red Lantern Relief.', 'deathToll', 'Forty-four', 'lantern', 'REPORTS']);
    expectOne(['Ninety people were injured in the Dorland earthquake, citing the Civil Defence Agency.', 'injuredCount', 'Ninety', 'defence', 'REPORTS']);
  });

  it('a subject who says it outranks the source it cites', () => {
    expectOne(['Forty-four miners died in the Kessel mine collapse, the Kessel Daily Courier reported, citing Red Lantern Relief.', 'deathToll', 'Forty-four', 'courier', 'REPORTS']);
    expectOne(['Tomas Ferreira, citing the Civil Defence Agency, said 75 people were injured in the Dorland earthquake.', 'injuredCount', '75', 'ferreira', 'REPORTS']);
  });

  it('a pronoun stands for the person or organisation mentioned before it', () => {
    expectOne(['Marta Okonjo visited the site of the Kessel mine collapse. She said 29 miners had died.', 'deathToll', '29', 'okonjo', 'REPORTS']);
    expectOne(['Tomas Ferreira toured the Dorland earthquake zone on Friday. He said 210 people had been injured.', 'injuredCount', '210', 'ferreira', 'REPORTS']);
    expectOne(['The Civil Defence Agency arrived in the Dorland earthquake zone. It said 900 people were evacuated.', 'displacedCount', '900', 'defence', 'REPORTS']);
  });

  it('"the ministry", "the agency" stand for the organisation named before whose name holds the noun', () => {
    expectOne(['The Ministry of Mines sent inspectors to the Kessel mine collapse. The ministry said 29 miners had died.', 'deathToll', '29', 'mines', 'REPORTS']);
    expectOne(['Red Lantern Relief and the Civil Defence Agency worked at the Dorland earthquake site. The agency said 1,400 people were evacuated.', 'displacedCount', '1,400', 'defence', 'REPORTS']);
  });

  it('a relative clause between the source and its verb is skipped', () => {
    expectOne(['Red Lantern Relief, which runs two field clinics near the mine, said 150 people were injured in the Kessel mine collapse.', 'injuredCount', '150', 'lantern', 'REPORTS']);
    expectOne(['Tomas Ferreira, who led the rescue teams for a week, said 63 miners died in the Kessel mine collapse.', 'deathToll', '63', 'ferreira', 'REPORTS']);
  });

  it('a restrictive relative clause belongs to the source it describes', () => {
    expectOne(['Officials who spoke on condition of anonymity said 40 miners died in the Kessel mine collapse.', 'deathToll', '40', '~Officials who spoke on condition of anonymity', 'REPORTS']);
    expectOne(['The union that represents the miners said 40 miners died in the Kessel mine collapse.', 'deathToll', '40', '~The union that represents the miners', 'REPORTS']);
    expectOne(['A doctor who treated survivors said 230 people were injured in the Dorland earthquake.', 'injuredCount', '230', '~A doctor who treated survivors', 'REPORTS']);
  });

  it('a relative clause after an inverted "said" belongs to the source', () => {
    expectOne(['Nine people died in the Kessel mine collapse, said the union that represents the miners.', 'deathToll', 'Nine', '~the union that represents the miners', 'REPORTS']);
    expectOne(['Sixty people were hurt in the Dorland earthquake, said a doctor who treated them.', 'injuredCount', 'Sixty', '~a doctor who treated them', 'REPORTS']);
    expectOne(['Nine people died in the Kessel mine collapse, said Marta Okonjo, who visited the site.', 'deathToll', 'Nine', 'okonjo', 'REPORTS']);
  });

  it('a participle phrase between the source and its verb is skipped', () => {
    expectOne(['The Ministry of Mines, speaking at a briefing in the capital, said 75 miners died in the Kessel mine collapse.', 'deathToll', '75', 'mines', 'REPORTS']);
  });

  it('a parenthetical "according to X" covers the whole sentence', () => {
    expect(claimsOf('The Dorland earthquake killed 85 people, according to Red Lantern Relief, and injured 300 more.').map(view).map((c) => [c.property, c.asserter])).toEqual([
      ['deathToll', 'lantern'],
      ['injuredCount', 'lantern'],
    ]);
  });

  it('"according to X" opening a transcript turn names X, not the speaker', () => {
    expectOne(['HANA BERCOVICI: According to our lawyers, 186 supporters have been arrested since the Ostrava presidential election.', 'arrestCount', '186', '~our lawyers', 'REPORTS']);
  });

  it('an event as the subject of "give" or "put" is no source', () => {
    const claim = only('The Ostrava presidential election gave Hana Bercovici 48.2 per cent of the vote.');
    expect(view(claim)).toMatchObject({ property: 'voteShare', value: '48.2 per cent', asserter: null, modality: 'ASSERTS' });
    expect(claim.qualifiers).toContainEqual({ property: 'candidate', valueText: 'Hana Bercovici', entityId: id.get('bercovici') });
  });

  // "admit" is a verb of saying ("admitted that 40 had died") and of care ("admitted 640
  // patients"): in the second sense its subject still takes the figure from the trailing source.
  it.todo('"Clinics have admitted 640 patients …, Red Lantern Relief said" is attributed to Red Lantern Relief, not "Clinics"');
  // Frames are read within a sentence: a source given in the next sentence is not seen.
  it.todo('"Forty miners died in the Kessel mine collapse. That is according to the Ministry of Mines." attributes the figure to the ministry');

  it('two sources in one sentence each keep their own figure', () => {
    const claims = claimsOf('Marta Okonjo said 40 miners died in the Kessel mine collapse, but Piet Lindqvist said 55 miners died.').map(view);
    expect(claims).toEqual([
      { subject: 'kessel', property: 'deathToll', value: '40', asserter: 'okonjo', modality: 'REPORTS' },
      { subject: 'kessel', property: 'deathToll', value: '55', asserter: 'lindqvist', modality: 'REPORTS' },
    ]);
  });
});

describe('unnamed sources are described, not dropped into the own voice', () => {
  it.each<Row>([
    ['Officials said 12 miners died in the Kessel mine collapse.', 'deathToll', '12', '~Officials', 'REPORTS'],
    ['A spokesman for the Ministry of Mines said 12 miners died in the Kessel mine collapse.', 'deathToll', '12', '~A spokesman for the Ministry of Mines', 'REPORTS'],
    ['A spokeswoman for Red Lantern Relief said 70 people were injured in the Dorland earthquake.', 'injuredCount', '70', '~A spokeswoman for Red Lantern Relief', 'REPORTS'],
    ['Hospital sources said 90 people were injured in the Kessel mine collapse.', 'injuredCount', '90', '~Hospital sources', 'REPORTS'],
    ['Human rights groups say 300 protesters were arrested after the Ostrava presidential election.', 'arrestCount', '300', '~Human rights groups', 'REPORTS'],
    ['Local clerics said 1,150 people died in the Dorland earthquake.', 'deathToll', '1,150', '~Local clerics', 'REPORTS'],
  ])('%s', (...row) => expectOne(row));

  it.each<Row>([
    ['Some 300 protesters were reportedly arrested after the Ostrava presidential election.', 'arrestCount', 'Some 300', '~unnamed reports', 'SPECULATES'],
    ['Rescuers reportedly recovered 16 bodies after the Kessel mine collapse.', 'deathToll', '16', '~unnamed reports', 'SPECULATES'],
    ['The Kessel mine collapse was reported to have killed 55 miners.', 'deathToll', '55', '~unnamed reports', 'REPORTS'],
    ['The Dorland earthquake is said to have displaced 6,500 people.', 'displacedCount', '6,500', '~unnamed reports', 'REPORTS'],
  ])('hearsay: %s', (...row) => expectOne(row));

  it.each<Row>([
    ['The official toll from the Kessel mine collapse stands at 44.', 'deathToll', '44', '~official figures', 'REPORTS'],
    ['Official turnout in the Ostrava presidential election was 58 per cent.', 'turnout', '58 per cent', '~official figures', 'REPORTS'],
    ['Official figures put the number of dead in the Kessel mine collapse at 44.', 'deathToll', '44', '~Official figures', 'REPORTS'],
  ])('official figures: %s', (...row) => expectOne(row));
});

describe('own voice', () => {
  it('a sentence without attribution is the document’s own assertion', () => {
    expectOne(['The Kessel mine collapse killed 44 miners.', 'deathToll', '44', null, 'ASSERTS'], 'kessel');
    expectOne(['More than 1,200 people were injured in the Dorland earthquake.', 'injuredCount', 'More than 1,200', null, 'ASSERTS'], 'dorland');
  });

  it('a source that is the publisher or an author is the document’s own voice', () => {
    const courier = id.get('courier')!;
    const body = 'The Kessel Daily Courier reported that 44 miners died in the Kessel mine collapse.';
    expectOne([body, 'deathToll', '44', 'courier', 'REPORTS']);
    expect(view(only(body, { ownVoices: [courier] }))).toMatchObject({ asserter: null, modality: 'ASSERTS' });
    expect(view(only('Red Lantern Relief said 900 people were injured in the Dorland earthquake.', { ownVoices: [id.get('lantern')!] }))).toMatchObject({ asserter: null, modality: 'ASSERTS' });
    expect(view(only('According to Tomas Ferreira, 900 people were injured in the Dorland earthquake.', { ownVoices: [id.get('ferreira')!] }))).toMatchObject({ asserter: null });
  });

  it('"we" in a release is the publisher: the own voice', () => {
    expectOne(['We have evacuated 800 residents since the Dorland earthquake.', 'displacedCount', '800', null, 'ASSERTS']);
    expect(view(only('We treated 900 people after the Dorland earthquake, and we expect more.', { ownVoices: [id.get('lantern')!] }))).toMatchObject({ property: 'injuredCount', asserter: null });
  });

  it('"we" in a transcript turn or a quotation is the speaker', () => {
    expectOne(['PIET LINDQVIST: We counted 19 bodies after the Dorland earthquake.', 'deathToll', '19', 'lindqvist', 'REPORTS']);
    expectOne(['MARTA OKONJO (Ministry of Mines): We have recovered 52 bodies since the Kessel mine collapse.', 'deathToll', '52', 'okonjo', 'REPORTS']);
    expectOne(['“We counted 19 bodies after the Dorland earthquake,” Piet Lindqvist said.', 'deathToll', '19', 'lindqvist', 'REPORTS']);
    expectOne(['Marta Okonjo said: “We have found 52 bodies since the Kessel mine collapse.”', 'deathToll', '52', 'okonjo', 'REPORTS']);
  });
});

describe('modality', () => {
  it.each<Row>([
    ['As many as 70 miners may have died in the Kessel mine collapse.', 'deathToll', 'As many as 70', null, 'SPECULATES'],
    ['Twenty miners might have died in the Kessel mine collapse.', 'deathToll', 'Twenty', null, 'SPECULATES'],
    ['Some 200 people could have died in the Dorland earthquake, Red Lantern Relief said.', 'deathToll', 'Some 200', 'lantern', 'SPECULATES'],
    ['Dozens of miners are believed to have died in the Kessel mine collapse.', 'deathToll', 'Dozens', null, 'SPECULATES'],
    ['The Dorland earthquake was thought to have killed 200 people.', 'deathToll', '200', null, 'SPECULATES'],
    ['Marta Okonjo believes that 60 miners died in the Kessel mine collapse.', 'deathToll', '60', 'okonjo', 'SPECULATES'],
  ])('hedge → SPECULATES: %s', (...row) => expectOne(row));

  it('an expletive "there are fears that" names no source', () => {
    expectOne(['There are fears that 40 miners may have died in the Kessel mine collapse.', 'deathToll', '40', null, 'SPECULATES']);
  });

  it.each<Row>([
    ['It is feared that 40 miners died in the Kessel mine collapse.', 'deathToll', '40', null, 'SPECULATES'],
    ['It is believed that 230 people died in the Dorland earthquake.', 'deathToll', '230', null, 'SPECULATES'],
    ['It was estimated that 9,000 people were displaced by the Dorland earthquake.', 'displacedCount', '9,000', null, 'ESTIMATES'],
    ['It is known that 40 miners died in the Kessel mine collapse.', 'deathToll', '40', null, 'ASSERTS'],
  ])('an impersonal passive before the clause: %s', (...row) => expectOne(row));

  it.each<Row>([
    ['About 60 miners died in the Kessel mine collapse.', 'deathToll', 'About 60', null, 'ESTIMATES'],
    ['Roughly 2,000 people were displaced by the Dorland earthquake.', 'displacedCount', 'Roughly 2,000', null, 'ESTIMATES'],
    ['Around 340 people were injured in the Dorland earthquake, Tomas Ferreira said.', 'injuredCount', 'Around 340', 'ferreira', 'ESTIMATES'],
    ['Some 40 opposition activists remain in detention after the Ostrava presidential election.', 'detainedCount', 'Some 40', null, 'ESTIMATES'],
    ['The Civil Defence Agency estimated that 7,300 people were evacuated after the Dorland earthquake.', 'displacedCount', '7,300', 'defence', 'ESTIMATES'],
  ])('estimate → ESTIMATES: %s', (...row) => expectOne(row));

  it.each<Row>([
    ['The Ministry of Mines denied that 60 miners had died in the Kessel mine collapse.', 'deathToll', '60', 'mines', 'DENIES'],
    ['The Ministry of Mines rejected the figure of 60 deaths in the Kessel mine collapse.', 'deathToll', '60', 'mines', 'DENIES'],
    ['The Ministry of Mines disputed that 60 miners had died in the Kessel mine collapse.', 'deathToll', '60', 'mines', 'DENIES'],
    ['Marta Okonjo did not say that 60 miners died in the Kessel mine collapse.', 'deathToll', '60', 'okonjo', 'DENIES'],
  ])('denial → DENIES: %s', (...row) => expectOne(row));

  it.each<Row>([
    ['At least 60 miners died in the Kessel mine collapse.', 'deathToll', 'At least 60', null, 'ASSERTS'],
    ['More than 1,200 people were injured in the Dorland earthquake, Tomas Ferreira said.', 'injuredCount', 'More than 1,200', 'ferreira', 'REPORTS'],
    ['Up to 5,000 people were displaced by the Dorland earthquake.', 'displacedCount', 'Up to 5,000', null, 'ASSERTS'],
    ['No fewer than 85 people died in the Dorland earthquake.', 'deathToll', 'No fewer than 85', null, 'ASSERTS'],
  ])('a bound is no estimate: %s', (...row) => expectOne(row));

  it.each<Row>([
    ['In May, 200 people died in the Dorland earthquake.', 'deathToll', '200', null, 'ASSERTS'],
    ['On 3 May, 60 miners died in the Kessel mine collapse.', 'deathToll', '60', null, 'ASSERTS'],
    ['By May 9 the Civil Defence Agency said 4,100 people had been evacuated after the Dorland earthquake.', 'displacedCount', '4,100', 'defence', 'REPORTS'],
  ])('the month May is no hedge: %s', (...row) => expectOne(row));
});

describe('figures', () => {
  it.each<Row>([
    ['Nine miners died in the Kessel mine collapse.', 'deathToll', 'Nine', null, 'ASSERTS'],
    ['Forty-one miners died in the Kessel mine collapse.', 'deathToll', 'Forty-one', null, 'ASSERTS'],
    ['Nineteen people remain unaccounted for after the Dorland earthquake.', 'missingCount', 'Nineteen', null, 'ASSERTS'],
    ['Twelve hundred people were displaced by the Dorland earthquake.', 'displacedCount', 'Twelve hundred', null, 'ASSERTS'],
    ['Two hundred and fifty people were injured in the Dorland earthquake.', 'injuredCount', 'Two hundred and fifty', null, 'ASSERTS'],
    ['The Dorland earthquake killed 3.2 million chickens and 14 people.', 'deathToll', '14', null, 'ASSERTS'],
  ])('numbers in words and digits: %s', (...row) => expectOne(row));

  it.each<Row>([
    ['Dozens of people were injured in the Dorland earthquake.', 'injuredCount', 'Dozens', null, 'ASSERTS'],
    ['Thousands of people were displaced by the Dorland earthquake.', 'displacedCount', 'Thousands', null, 'ASSERTS'],
    ['Hundreds of thousands of people were displaced by the Dorland earthquake.', 'displacedCount', 'Hundreds of thousands', null, 'ASSERTS'],
    ['Tens of thousands of people were displaced by the Dorland earthquake.', 'displacedCount', 'Tens of thousands', null, 'ASSERTS'],
    ['Marta Okonjo said a dozen miners died in the Kessel mine collapse.', 'deathToll', 'a dozen', 'okonjo', 'REPORTS'],
    ['More than a hundred people died in the Dorland earthquake.', 'deathToll', 'More than a hundred', null, 'ASSERTS'],
  ])('vague quantities: %s', (...row) => expectOne(row));

  it.each<Row>([
    ['Between 300 and 400 people died in the Dorland earthquake.', 'deathToll', 'Between 300 and 400', null, 'ASSERTS'],
    ['The Dorland earthquake killed 130 to 180 people.', 'deathToll', '130 to 180', null, 'ASSERTS'],
    ['Turnout in the Ostrava presidential election was 47–50%.', 'turnout', '47–50%', null, 'ASSERTS'],
  ])('ranges: %s', (...row) => expectOne(row));

  it.each<Row>([
    ['As many as 90 people died in the Dorland earthquake.', 'deathToll', 'As many as 90', null, 'ASSERTS'],
    ['The number of people displaced by the Dorland earthquake exceeded 20,000.', 'displacedCount', 'exceeded 20,000', null, 'ASSERTS'],
    ['The death toll from the Dorland earthquake topped 3,000.', 'deathToll', 'topped 3,000', null, 'ASSERTS'],
    ['Upwards of 4,000 people were evacuated after the Dorland earthquake.', 'displacedCount', 'Upwards of 4,000', null, 'ASSERTS'],
    ['In excess of 700 people were injured in the Dorland earthquake.', 'injuredCount', 'In excess of 700', null, 'ASSERTS'],
  ])('bounds belong to the value: %s', (...row) => expectOne(row));

  it.each<Row>([
    ['The Dorland earthquake struck in 2024 and killed 85 people.', 'deathToll', '85', null, 'ASSERTS'],
    ['On 4 September the Dorland earthquake killed 85 people.', 'deathToll', '85', null, 'ASSERTS'],
    ['On September 4 the Dorland earthquake killed 85 people.', 'deathToll', '85', null, 'ASSERTS'],
    ['Among the 85 people killed in the Dorland earthquake were children under five.', 'deathToll', '85', null, 'ASSERTS'],
    ['A student aged 19 was among 85 people killed in the Dorland earthquake.', 'deathToll', '85', null, 'ASSERTS'],
    ['Women between 18 and 30 made up most of the 85 people killed in the Dorland earthquake.', 'deathToll', '85', null, 'ASSERTS'],
    ['The Dorland earthquake struck at 4.15 a.m. and killed 85 people.', 'deathToll', '85', null, 'ASSERTS'],
    ['The Dorland earthquake caused $40 million in damage and killed 85 people.', 'deathToll', '85', null, 'ASSERTS'],
    ['The Dorland earthquake hit 12 km from Lerna and killed 85 people.', 'deathToll', '85', null, 'ASSERTS'],
    ['Survivors gathered at 14 Harbour Road after the Dorland earthquake killed 85 people.', 'deathToll', '85', null, 'ASSERTS'],
    ['Voting took place at 600 polling stations in the Ostrava presidential election; 41 people were arrested.', 'arrestCount', '41', null, 'ASSERTS'],
    ['The Dorland earthquake damaged two spillways of the dam and killed 85 people.', 'deathToll', '85', null, 'ASSERTS'],
  ])('years, dates, ages, times, money, measures, addresses and things are no counts: %s', (...row) => expectOne(row));

  it('a section number opening a paragraph is no count', () => {
    const claims = claimsOf('Findings\n4.2 The Dorland earthquake killed 85 people.\n7 Kessel mine collapse: 23 miners died.').map(view);
    expect(claims.map((c) => c.value)).toEqual(['85', '23']);
  });

  // A proportion in words ("4 in 10 voters", "one in five") is not read as a figure.
  it.todo('"Roughly 4 in 10 voters turned out in the Ostrava presidential election" → turnout');

  it('no figure, no claim', () => {
    expect(claimsOf('Many miners died in the Kessel mine collapse, Marta Okonjo said.')).toEqual([]);
    expect(claimsOf('Rescue teams searched the Dorland earthquake zone for a third day.')).toEqual([]);
  });
});

describe('properties', () => {
  it.each<Row>([
    ['Forty-three miners died in the Kessel mine collapse.', 'deathToll', 'Forty-three', null, 'ASSERTS'],
    ['The Dorland earthquake killed 212 people.', 'deathToll', '212', null, 'ASSERTS'],
    ['Rescuers have pulled 38 bodies from the rubble of the Dorland earthquake.', 'deathToll', '38', null, 'ASSERTS'],
    ['The Dorland earthquake caused 212 deaths.', 'deathToll', '212', null, 'ASSERTS'],
    ['By nightfall 212 people were dead after the Dorland earthquake.', 'deathToll', '212', null, 'ASSERTS'],
  ])('deaths → deathToll: %s', (...row) => expectOne(row));

  it.each<Row>([
    ['Twelve people were wounded in the Dorland earthquake.', 'injuredCount', 'Twelve', null, 'ASSERTS'],
    ['Doctors treated 140 people after the Dorland earthquake.', 'injuredCount', '140', null, 'ASSERTS'],
    ['The Dorland earthquake injured 1,100 people.', 'injuredCount', '1,100', null, 'ASSERTS'],
  ])('injuries → injuredCount: %s', (...row) => expectOne(row));

  it('treating the sick of an outbreak counts cases', () => {
    expectOne(['Doctors treated 140 people during the Varn Valley cholera outbreak.', 'caseCount', '140', null, 'ASSERTS'], 'varn');
    expectOne(['The Varn Valley cholera outbreak has infected 2,300 people.', 'caseCount', '2,300', null, 'ASSERTS'], 'varn');
    expectOne(['Health workers recorded 2,300 cases in the Varn Valley cholera outbreak.', 'caseCount', '2,300', '~Health workers', 'REPORTS'], 'varn');
  });

  it.each<Row>([
    ['Nineteen people remain unaccounted for after the Dorland earthquake.', 'missingCount', 'Nineteen', null, 'ASSERTS'],
    ['Fourteen miners were still missing after the Kessel mine collapse.', 'missingCount', 'Fourteen', null, 'ASSERTS'],
    ['About 3,000 families were forced from their homes by the Dorland earthquake.', 'displacedCount', 'About 3,000', null, 'ESTIMATES'],
    ['The Dorland earthquake displaced 18,000 people.', 'displacedCount', '18,000', null, 'ASSERTS'],
    ['Police detained 65 protesters after the Ostrava presidential election.', 'arrestCount', '65', null, 'ASSERTS'],
    ['Police arrested 65 protesters after the Ostrava presidential election.', 'arrestCount', '65', null, 'ASSERTS'],
    ['Some 40 opposition activists remain in detention after the Ostrava presidential election.', 'detainedCount', 'Some 40', null, 'ESTIMATES'],
    ['Authorities released 120 protesters after the Ostrava presidential election.', 'releasedCount', '120', null, 'ASSERTS'],
    ['Prosecutors charged 33 protesters after the Ostrava presidential election.', 'chargedCount', '33', null, 'ASSERTS'],
    ['Turnout in the Ostrava presidential election was 64 per cent.', 'turnout', '64 per cent', null, 'ASSERTS'],
  ])('%s', (...row) => expectOne(row));

  it('a share of the vote takes the candidate named before it', () => {
    const claim = only('In the Ostrava presidential election Hana Bercovici won 52 per cent of the vote.');
    expect(view(claim)).toMatchObject({ property: 'voteShare', value: '52 per cent' });
    expect(claim.qualifiers).toContainEqual({ property: 'candidate', valueText: 'Hana Bercovici', entityId: id.get('bercovici') });
  });

  it('partitives take the property of the figure before them', () => {
    expect(claimsOf('The Dorland earthquake killed 85 people, 17 of them children.').map(view).map((c) => [c.property, c.value])).toEqual([
      ['deathToll', '85'],
      ['deathToll', '17'],
    ]);
    expect(claimsOf('The Dorland earthquake injured 1,100 people, of whom 402 were children.').map(view).map((c) => [c.property, c.value])).toEqual([
      ['injuredCount', '1,100'],
      ['injuredCount', '402'],
    ]);
  });

  it('a bare figure takes the property of the figure before it', () => {
    expect(claimsOf('Relatives say 400 people died in the Dorland earthquake. Local clerics say 450.').map(view)).toEqual([
      { subject: 'dorland', property: 'deathToll', value: '400', asserter: '~Relatives', modality: 'REPORTS' },
      { subject: 'dorland', property: 'deathToll', value: '450', asserter: '~Local clerics', modality: 'REPORTS' },
    ]);
    expect(claimsOf('The Kessel mine collapse left 26 miners missing. Their union says 31.').map(view).map((c) => [c.property, c.value, c.asserter])).toEqual([
      ['missingCount', '26', null],
      ['missingCount', '31', '~Their union'],
    ]);
  });

  it('a figure of nothing known has no property, hence no claim', () => {
    expect(claimsOf('The Dorland earthquake destroyed 600 schools.')).toEqual([]);
    expect(claimsOf('Marta Okonjo said 14 ventilation shafts were sealed after the Kessel mine collapse.')).toEqual([]);
  });
});

describe('event references', () => {
  it('the event the sentence names, by name or alias', () => {
    expectOne(['The Dorland earthquake killed 85 people.', 'deathToll', '85', null, 'ASSERTS'], 'dorland');
    expectOne(['Rescue work continued at the Kessel disaster site, where 31 miners died.', 'deathToll', '31', null, 'ASSERTS'], 'kessel');
  });

  it('the distinctive words of an event’s name refer to it', () => {
    expectOne(['The collapse killed 31 miners.', 'deathToll', '31', null, 'ASSERTS'], 'kessel');
    expectOne(['The earthquake left 2,400 people homeless.', 'displacedCount', '2,400', null, 'ASSERTS'], 'dorland');
  });

  it('else the event the document is about: named most, the title counting', () => {
    const body = 'The Dorland earthquake struck at dawn. Rescuers worked through the night in the Dorland earthquake zone.\nNinety people died, officials said.';
    expect(view(only(body))).toMatchObject({ subject: 'dorland', property: 'deathToll', value: 'Ninety', asserter: '~officials' });
    expect(view(only('Ninety people died, officials said.', { title: 'Dorland earthquake: rescuers race against time' }))).toMatchObject({ subject: 'dorland' });
    expect(view(only('Nine people died, officials said.', { title: 'Kessel mine collapse: families wait' }))).toMatchObject({ subject: 'kessel' });
  });

  it('a sentence naming another event is about that one', () => {
    const body = 'The Dorland earthquake dominated the news. The Dorland earthquake killed 85 people. Separately, the Kessel mine collapse killed 31 miners.';
    expect(claimsOf(body).map(view).map((c) => [c.subject, c.value])).toEqual([
      ['dorland', '85'],
      ['kessel', '31'],
    ]);
  });

  it.each([
    'The Dorland earthquake killed 85 people and the Kessel mine collapse killed 31 miners.',
    '85 people died in the Dorland earthquake, while 31 miners died in the Kessel mine collapse.',
    '85 people died in the Dorland earthquake and 31 miners in the Kessel mine collapse.',
    'The Kessel mine collapse killed 31 miners, fewer than the 85 people killed in the Dorland earthquake.',
  ])('a sentence naming two events: each figure takes the event of its own part (%s)', (body) => {
    const subjects = Object.fromEntries(claimsOf(body).map((claim) => [claim.valueText, keyOf.get(claim.subjectId)]));
    expect(subjects).toEqual({ '85': 'dorland', '31': 'kessel' });
  });

  it('no event known or none referred to: no claims', () => {
    expect(claimsOf('A storm killed 31 people, Marta Okonjo said.')).toEqual([]);
    const withoutEvents = buildGazetteer(names.filter((name) => name.type !== 'EVENT'));
    expect(suggest('The Kessel mine collapse killed 44 miners, Marta Okonjo said.', withoutEvents).claims).toEqual([]);
  });
});

describe('qualifiers', () => {
  const counted = (body: string) => {
    const claims = claimsOf(body).filter((claim) => claim.property !== 'date');
    expect(claims.map(view), body).toHaveLength(1);
    return claims[0]!;
  };
  const times = (body: string) => counted(body).qualifiers.filter((q) => q.property === 'pointInTime').map((q) => q.valueText);
  it.each([
    ['Rescuers said 31 miners died by 12 March in the Kessel mine collapse.', ['by 12 March']],
    ['As of 8 August, 31 miners had died in the Kessel mine collapse.', ['As of 8 August']],
    ['Since Monday, 31 miners have died in the Kessel mine collapse.', ['Since Monday']],
    ['By Sunday evening 310 people had been evacuated after the Dorland earthquake.', ['By Sunday evening']],
    ['By mid-March, 31 miners had died in the Kessel mine collapse.', ['By mid-March']],
    ['On 4 September the Dorland earthquake killed 85 people.', ['On 4 September']],
    ['On 12 March 2025 the Kessel mine collapse killed 31 miners.', ['On 12 March 2025']],
    ['The Dorland earthquake killed 85 people.', []],
  ])('%s → %j', (body, expected) => {
    expect(times(body)).toEqual(expected);
  });

  const scoped = (body: string, property: string) => only(body).qualifiers.filter((q) => q.property === property).map((q) => q.valueText);
  it.each([
    ['Officials said 40 people were still missing in the upper valley after the Dorland earthquake.', ['the upper valley']],
    ['In the Eastern Province, 40 people died in the Dorland earthquake, officials said.', ['the Eastern Province']],
    ['At least 140 people were detained in the capital after the Ostrava presidential election.', ['the capital']],
    // the event's own area, a count of places, a time, an ordinal and a possessive are no place
    ['The Dorland earthquake killed 85 people in the district.', []],
    ['The Dorland earthquake killed 85 people in the three worst-hit provinces.', []],
    ['The Dorland earthquake killed 85 people in the first week.', []],
    ['Hana Bercovici won 48 per cent in the first round of the Ostrava presidential election.', []],
    ["The Dorland earthquake killed 85 people in the capital's old town.", []],
  ])('place: %s → %j', (body, expected) => {
    expect(scoped(body, 'place')).toEqual(expected);
  });

  it.each([
    ['The Dorland earthquake killed 85 people, of whom 30 were children.', '30', ['children']],
    ['The Kessel mine collapse killed 31 people, among them 12 rescue workers.', '31', []],
    ['Health officials counted 40 deaths among detainees after the Ostrava presidential election.', '40', ['detainees']],
  ])('group: %s → %j', (body, value, expected) => {
    const claim = claimsOf(body).find((c) => c.valueText === value)!;
    expect(claim.qualifiers.filter((q) => q.property === 'group').map((q) => q.valueText)).toEqual(expected);
  });
});

describe('found trying texts outside the corpus', () => {
  it('takes a plural subject before "claim" for the source, not the own voice', () => {
    expect(view(only('Some residents claim the death toll of the Dorland earthquake is closer to 300.'))).toMatchObject({ property: 'deathToll', value: 'closer to 300', asserter: '~Some residents' });
  });
  it('reads "N of them" as part of the figure before it in the sentence only when that figure is a claim', () => {
    const body = 'After the Dorland earthquake 61 people had been taken to hospital, nine of them in critical condition.';
    expect(claimsOf(body).map(view)).toEqual([]);
    expect(claimsOf('The Dorland earthquake killed 61 people, nine of them children.').map((claim) => [claim.property, claim.valueText])).toEqual([
      ['deathToll', '61'],
      ['deathToll', 'nine'],
    ]);
  });
});

describe('when the event took place', () => {
  const dates = (body: string, context: ClaimContext = {}) => claimsOf(body, context).filter((claim) => claim.property === 'date').map(view);
  it.each([
    ['On 12 March 2025 the Kessel mine collapse killed 31 miners.', '12 March 2025'],
    ['The Kessel mine collapse happened on 12 March 2025, rescuers said.', '12 March 2025'],
    ['The Dorland earthquake struck in March 2024.', 'March 2024'],
    ['The Ostrava presidential election was held on 19 May 2024.', '19 May 2024'],
    ['The Kessel mine collapse, which began in the summer of 1998, killed 31 miners.', 'the summer of 1998'],
  ])('%s → %s', (body, value) => {
    expect(dates(body).map((claim) => claim.value)).toEqual([value]);
    expect(dates(body)[0]!.property).toBe('date');
  });
  it('takes its asserter from the sentence', () => {
    expect(dates('The Kessel mine collapse happened on 12 March 2025, rescuers said.')[0]).toMatchObject({ asserter: '~rescuers', modality: 'REPORTS' });
  });
  it.each([
    // no event named in the sentence, no word of its taking place, a date that bounds a figure, no year, a dateline
    ['They followed a week of rain on 4 September 2025.'],
    ['The ministry announced the Kessel mine collapse toll on 14 March 2025.'],
    ['Since 12 March 2025, 31 miners have died in the Kessel mine collapse.'],
    ['The Kessel mine collapse happened on 12 March.'],
    ['KESSEL, 13 March 2025 (Wire) – The Kessel mine collapse killed 31 miners.'],
    ['Officials said on 14 March 2025 that the Kessel mine collapse killed 31 miners.'],
  ])('none in: %s', (body) => {
    expect(dates(body)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Invariants over generated sentences

const SOURCES = [
  'Marta Okonjo', 'the Ministry of Mines', 'Red Lantern Relief', 'Tomas Ferreira', 'officials', 'hospital sources', 'a spokesman for the Civil Defence Agency', 'local residents',
  'officials who spoke on condition of anonymity', 'the union that represents the miners', 'a doctor who treated the survivors',
];
const FRAMES: Array<(source: string, clause: string) => string> = [
  (s, c) => `${s} said ${c}.`,
  (s, c) => `${s} said that ${c}.`,
  (s, c) => `${c}, ${s} said.`,
  (s, c) => `${c}, ${s} said on Monday.`,
  (s, c) => `${c}, said ${s}.`,
  (s, c) => `According to ${s}, ${c}.`,
  (s, c) => `${c}, according to ${s}.`,
  (s, c) => `${s} reported that ${c}.`,
  (s, c) => `${s} estimated that ${c}.`,
  (s, c) => `${s} claimed that ${c}.`,
  (s, c) => `${s} told reporters that ${c}.`,
  (s, c) => `${s} stated that ${c}.`,
  (s, c) => `I am told by ${s} that ${c}.`,
  (s, c) => `${c}, ${s} told reporters.`,
  (s, c) => `${s}, speaking to reporters on Friday, said ${c}.`,
  (s, c) => `${s}, citing hospital records, said ${c}.`,
  (s, c) => `${c}, citing ${s}.`,
  (s, c) => `A report by ${s} says ${c}.`,
  (s, c) => `${c}, according to ${s}, and the search went on.`,
  (s, c) => `${s} told reporters on Friday that ${c}.`,
  (s, c) => `${s} said on Sunday evening that ${c}.`,
  (s, c) => `${s} believes that ${c}.`,
  (s, c) => `${s} denied that ${c}.`,
  (s, c) => `${s} warned that ${c}.`,
  (s, c) => `${s} confirmed that ${c}.`,
  (s, c) => `In a statement, ${s} said ${c}.`,
  (s, c) => `${capitalise(s)} visited the area on Monday. ${s.startsWith('Marta') ? 'She' : s.startsWith('Tomas') ? 'He' : 'They'} said ${c}.`,
];
const BOUNDS = ['', 'at least ', 'more than ', 'as many as ', 'up to ', 'about ', 'some ', 'nearly ', 'no fewer than ', 'upwards of ', 'roughly '];
const NUMBER_WORDS = ['nine', 'twelve', 'seventeen', 'forty-one', 'sixty-eight', 'two hundred', 'three thousand', 'dozens', 'hundreds', 'thousands', 'tens of thousands', '1.2 million', 'a dozen', 'eighteen', 'ninety-nine'];
const NOUNS = ['people', 'miners', 'residents', 'workers', 'villagers', 'protesters'];
const PREDICATES = ['died', 'were killed', 'were injured', 'were wounded', 'were displaced', 'were evacuated', 'remain missing', 'were arrested'];
const EVENTS = ['the Kessel mine collapse', 'the Dorland earthquake', 'the Ostrava presidential election'];

/** Vague quantities count with "of": "dozens of people". */
const VAGUE = /^(dozens|hundreds|thousands|tens of thousands)$/;
const number = fc.oneof(
  fc.integer({ min: 2, max: 2_000_000 }).map((n) => n.toLocaleString('en-US')),
  fc.constantFrom(...NUMBER_WORDS),
);
const clause = fc
  .tuple(fc.constantFrom(...BOUNDS), number, fc.constantFrom(...NOUNS), fc.constantFrom(...PREDICATES), fc.constantFrom('in', 'after'), fc.constantFrom(...EVENTS))
  .map(([bound, n, noun, predicate, preposition, event]) => ({
    text: `${bound}${n}${VAGUE.test(n) ? ' of' : ''} ${noun} ${predicate} ${preposition} ${event}`,
    value: `${bound}${n}`,
  }));
const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

describe('invariants over generated sentences', () => {
  const checkClaims = (body: string) => {
    const claims = claimsOf(body);
    for (const claim of claims) {
      expect(body.slice(claim.start, claim.end), body).toContain(claim.valueText);
      expect(normaliseValue(claim.valueText, 'QUANTITY').kind, claim.valueText).not.toBe('TEXT');
    }
    return claims;
  };

  it('an attributed figure is claimed with its bound words, in its span, and never in the own voice', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FRAMES), fc.constantFrom(...SOURCES), clause, (frame, source, { text, value }) => {
        const body = capitalise(frame(source, text));
        const claims = checkClaims(body);
        expect(claims.length, body).toBeGreaterThan(0);
        expect(claims.map((c) => c.valueText.toLowerCase()), body).toContain(value);
        for (const claim of claims) expect(claim.asserterId !== null || claim.asserterDescription !== null, `${body}: own voice`).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('an unattributed figure is claimed in the own voice', () => {
    fc.assert(
      fc.property(clause, ({ text, value }) => {
        const body = `${capitalise(text)}.`;
        const claims = checkClaims(body);
        expect(claims.map((c) => c.valueText.toLowerCase()), body).toContain(value);
        for (const claim of claims) expect([claim.asserterId, claim.asserterDescription], body).toEqual([null, null]);
      }),
      { numRuns: 150 },
    );
  });

  it('dates, years, times, money, measures and ages beside a count are never claimed', () => {
    const DISTRACTORS: Array<[text: string]> = [
      ['On 4 September'],
      ['On September 14'],
      ['In 2023'],
      ['At 4.15 a.m.'],
      ['Despite $40 million in aid'],
      ['Some 12 km from the coast'],
      ['Over 3 days'],
      ['Among women aged 19'],
      ['On the 5th floor'],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...DISTRACTORS), clause, ([distractor], { text, value }) => {
        const body = `${distractor}, ${text}.`;
        const claims = checkClaims(body);
        // The count and nothing from the distractor.
        expect(claims.map((c) => c.valueText.toLowerCase()), body).toEqual([value]);
      }),
      { numRuns: 150 },
    );
  });

  it('several generated sentences in paragraphs keep the invariants', () => {
    const sentence = fc.oneof(
      fc.tuple(fc.constantFrom(...FRAMES), fc.constantFrom(...SOURCES), clause).map(([frame, source, c]) => capitalise(frame(source, c.text))),
      clause.map((c) => `${capitalise(c.text)}.`),
    );
    fc.assert(
      fc.property(fc.array(fc.array(sentence, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }), (paragraphs) => {
        checkClaims(paragraphs.map((p) => p.join(' ')).join('\n'));
      }),
      { numRuns: 80 },
    );
  });
});

describe('citations of claims', () => {
  const bodies = [
    'Marta Okonjo said that 37 miners died in the Kessel mine collapse. The collapse also injured 12 miners.',
    'At least 52 workers died in the Kessel mine collapse, according to the Ministry of Mines, but Piet Lindqvist said 61 died.',
    '“We counted 19 bodies after the Dorland earthquake,” Piet Lindqvist said. Officials said 23 people were injured.',
    'PIET LINDQVIST: We counted 19 bodies after the Dorland earthquake.\nQUESTION: And the injured?\nPIET LINDQVIST: About 140.',
    'Some 300 protesters were reportedly arrested after the Ostrava presidential election. Human rights groups say 410.',
    'A spokesman for the Ministry of Mines said 12 miners died in the Kessel mine collapse. The ministry later put the toll at 14.',
  ];

  it.each(bodies)('each claim’s citation holds its value and names its asserter: %s', (body) => {
    const { claims, citations } = suggest(body, gazetteer);
    expect(claims.length).toBeGreaterThan(0);
    for (const claim of claims) {
      const attributed = claim.asserterId !== null || claim.asserterDescription !== null;
      expect(claim.citation !== null, `${claim.valueText}: a citation exactly when attributed`).toBe(attributed);
      if (claim.citation === null) continue;
      const citation = citations[claim.citation];
      expect(citation, `citation index ${claim.citation}`).toBeDefined();
      expect(body.slice(citation!.start, citation!.end)).toContain(claim.valueText);
      expect(citation!.start <= body.indexOf(claim.valueText, claim.start) && body.indexOf(claim.valueText, claim.start) + claim.valueText.length <= citation!.end).toBe(true);
      expect([citation!.sourceEntityId, citation!.sourceDescription]).toEqual([claim.asserterId, claim.asserterDescription]);
    }
  });
});
