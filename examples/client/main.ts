// Runs the example operations against a server:
//   npm start   (another terminal)
//   npx tsx examples/client/main.ts [http://localhost:4000/graphql]
// With CROSSCHECK_TOKEN set (an editor token on a collection) it also creates a person.
import { createClient, GraphQLRequestError } from './client.js';
import { Compare, CreatePerson, Describe, DocumentsPage, FindEvents, Search } from './operations.js';

const client = createClient({ url: process.argv[2] ?? 'http://localhost:4000/graphql', token: process.env.CROSSCHECK_TOKEN });

const page = await client.request(DocumentsPage, { first: 5 });
console.log(`${page.documents.totalCount} documents; the first ${page.documents.edges.length}:`);
for (const { node } of page.documents.edges) console.log(`- ${node.title} (${node.publisher?.name ?? 'no publisher'}, ${node.claims.totalCount} claims)`);

const events = await client.request(FindEvents, { name: '1988 massacre' });
const massacre = events.events.edges[0]?.node;
if (massacre) {
  // The properties two or more documents make claims about; the death toll when there is one.
  const properties = massacre.comparisons.map((comparable) => comparable.property);
  const property = properties.includes('deathToll') ? 'deathToll' : properties[0];
  const comparison = property ? await client.request(Compare, { subject: massacre.id, property }) : null;
  if (comparison) console.log(`\n${massacre.name}, ${comparison.compare.property}: ${comparison.compare.summary}`);
  const description = await client.request(Describe, { subject: massacre.id });
  for (const { document, mentions, claims } of description.describe.documents) {
    console.log(`- ${document.title}: ${mentions.length} mentions, ${claims.length} claims`);
  }
}

const found = await client.request(Search, { query: '"political prisoners" Mojah*', first: 5 });
console.log(`\nsearch: ${found.search.totalCount} results`);
for (const edge of found.search.edges) {
  const node = edge.node;
  const label = node.__typename === 'Document' ? node.title : node.__typename === 'Claim' ? `${node.property} “${node.valueText}” in ${node.document.title}` : node.name;
  console.log(`- ${edge.type} ${label}`);
}

if (process.env.CROSSCHECK_TOKEN) {
  try {
    const created = await client.request(CreatePerson, { input: { name: 'Jane Roe', description: 'Created by examples/client/main.ts' } });
    const result = created.createPerson;
    console.log(result.__typename === 'CreatePersonPayload' ? `\ncreated ${result.person.name} (${result.person.id})` : `\nrefused: ${result.__typename}: ${result.message}`);
  } catch (error) {
    if (error instanceof GraphQLRequestError) console.error(`\nthe server answered ${error.status}: ${error.message}`);
    else throw error;
  }
}
