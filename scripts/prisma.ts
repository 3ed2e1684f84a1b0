// Runs the Prisma CLI without its engine downloads: the JS/wasm engines need none, but the CLI
// checks for a query-engine library unless PRISMA_QUERY_ENGINE_LIBRARY names an existing file.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = dirname(dirname(fileURLToPath(import.meta.url)));

export type Provider = 'sqlite' | 'postgresql';

export function prisma(args: string[], provider: Provider = 'sqlite'): string {
  const cli = join(dirname(createRequire(import.meta.url).resolve('prisma/package.json')), 'build/index.js');
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: {
      ...process.env,
      PRISMA_QUERY_ENGINE_LIBRARY: join(projectRoot, 'package.json'),
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
      PRISMA_PROVIDER: provider,
    },
  });
  if (result.status !== 0) {
    throw new Error(`prisma ${args.join(' ')} failed:\n${result.stderr || result.stdout}`);
  }
  return result.stdout;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // `tsx scripts/prisma.ts generate` runs one CLI command and echoes its output.
  const provider: Provider = process.env.PRISMA_PROVIDER === 'postgresql' ? 'postgresql' : 'sqlite';
  try {
    process.stdout.write(prisma(process.argv.slice(2), provider));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
