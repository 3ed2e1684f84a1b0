#!/usr/bin/env node
// The `crosscheck` command: runs the CLI compiled at install (dist/cli.js, see scripts/build.mjs)
// in this process, after rebuilding it when a source changed since the last build.
import { ensureBuilt } from '../scripts/build.mjs';

await ensureBuilt();
await import('../dist/cli.js');
