// npm run schema: writes schema.graphql, the printed (sorted) GraphQL schema that is committed.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../src/db/provider.js';
import { printSortedSchema } from '../src/schema/index.js';

writeFileSync(join(projectRoot, 'schema.graphql'), printSortedSchema());
console.log('wrote schema.graphql');
