// npm run eval [-- --database sqlite|postgresql] [--postgres-url URL] [--corpus corpus/dev] [--verbose] [--json FILE]
//
// Ingest suggestions measured on the labelled development corpus (corpus/dev/README.md): the
// corpus is checked, ingested with suggestions into a fresh temporary database through the real
// ingest path, and the suggestions are scored against the labels (src/eval/). Prints precision
// and recall per kind; --verbose lists, per document, what was missed or suggested wrongly.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { scratchDatabase } from '../bench/databases.js';
import { openDatabase } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { projectRoot, type Provider } from '../src/db/provider.js';
import { loadCorpus } from '../src/eval/corpus.js';
import { evaluateCorpus } from '../src/eval/run.js';
import { figures, formatScores } from '../src/eval/score.js';

const { values: args } = parseArgs({
  options: {
    database: { type: 'string', default: 'sqlite' },
    'postgres-url': { type: 'string', default: 'postgresql://postgres@127.0.0.1:5432/test' },
    corpus: { type: 'string', default: join(projectRoot, 'corpus', 'dev') },
    verbose: { type: 'boolean', default: false },
    json: { type: 'string' },
  },
});
const provider = args.database as Provider;
if (provider !== 'sqlite' && provider !== 'postgresql') {
  console.error(`eval: --database is sqlite or postgresql, not "${args.database}"`);
  process.exit(2);
}

const corpus = loadCorpus(args.corpus!);
const database = await scratchDatabase(provider, args['postgres-url']!, 'eval');
try {
  await migrate(database.url);
  const db = await openDatabase(database.url, { synchronous: 'NORMAL' });
  try {
    const { scores, seconds } = await evaluateCorpus(db, corpus);
    console.log(`ingest suggestions on ${args.corpus} (${provider}, ingest ${seconds.toFixed(2)} s)`);
    for (const line of formatScores(scores)) console.log(line);
    if (args.verbose) {
      for (const document of scores.perDocument) {
        if (document.details.length === 0) continue;
        console.log(`\n${document.id}`);
        for (const detail of document.details) console.log(`  ${detail}`);
      }
    }
    if (args.json) writeFileSync(args.json, `${JSON.stringify({ provider, corpus: args.corpus, figures: figures(scores), scores: { ...scores, perDocument: undefined } }, null, 2)}\n`);
  } finally {
    await db.close();
  }
} finally {
  await database.drop();
}
