// The example client (examples/client/) is typed by gql.tada from the committed schema.graphql:
// `generate-output` writes examples/client/graphql-env.d.ts (gitignored: derived from schema.graphql,
// so it is made at install and again before every type check rather than committed and checked for
// drift), and `check` validates each operation against the schema, which tsc alone does not do for a
// field the code never reads.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectRoot } from './prisma.js';

export const clientTsconfig = join(projectRoot, 'examples', 'client', 'tsconfig.json');
const cli = join(projectRoot, 'node_modules', 'gql.tada', 'bin', 'cli.js');

/** False when gql.tada is not installed (an install without dev dependencies). */
export const clientToolsInstalled = () => existsSync(cli);

/** Runs the gql.tada CLI on the example client's tsconfig; returns its exit status. */
export function gqlTada(command: 'generate-output' | 'check', stdio: 'inherit' | 'pipe' = 'inherit'): number {
  const result = spawnSync(process.execPath, [cli, command, '--tsconfig', clientTsconfig], { cwd: projectRoot, stdio, encoding: 'utf8' });
  if (result.status !== 0 && stdio === 'pipe') process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
  return result.status ?? 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // `tsx scripts/client-types.ts [check]`: regenerate the types, and with `check` validate the operations.
  let status = gqlTada('generate-output');
  if (status === 0 && process.argv[2] === 'check') status = gqlTada('check');
  process.exit(status);
}
