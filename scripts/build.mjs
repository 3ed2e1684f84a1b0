// Compiles src/ (with the generated Prisma clients in src/generated) to JavaScript in dist/, so the
// server and the CLI run as plain `node` processes: fast to start, and signals reach the server
// itself rather than a wrapper. esbuild strips types file by file (no type check: `npm test` does
// that); dist/ mirrors src/, so paths resolved from a module's own location (the project root,
// migrations, seeds) are the same from either tree.
//
//   node scripts/build.mjs             build
//   node scripts/build.mjs --if-stale  build only when a source is newer than the last build
//
// Plain JavaScript: it runs before anything is compiled (postinstall, prestart, bin/crosscheck.js).
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
export const sourceDir = join(root, 'src');
export const outDir = join(root, 'dist');
/** Touched at the end of each build, with the time the build started. */
const stamp = join(outDir, '.built');
const thisScript = fileURLToPath(import.meta.url);

function walk(dir, visit) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    visit(path, entry);
    if (entry.isDirectory()) walk(path, visit);
  }
}

/** True when dist/ is missing or older than a source (a file or folder changed, added or removed since the build). */
export function isStale() {
  let built;
  try {
    built = statSync(stamp).mtimeMs;
  } catch {
    return true;
  }
  let sourcesExist = true;
  try {
    statSync(sourceDir);
  } catch {
    sourcesExist = false;
  }
  // An installed copy without sources runs what it has.
  if (!sourcesExist) return false;
  let newest = Math.max(statSync(sourceDir).mtimeMs, statSync(thisScript).mtimeMs);
  walk(sourceDir, (path) => {
    newest = Math.max(newest, statSync(path).mtimeMs);
  });
  return newest > built;
}

/** Builds dist/; says so on stderr (stdout may be a command's output, as in `crosscheck token create`). */
export async function build() {
  const startedAt = new Date();
  const { build: esbuild } = await import('esbuild');
  const entryPoints = [];
  walk(sourceDir, (path, entry) => {
    if (entry.isFile() && path.endsWith('.ts') && !path.endsWith('.d.ts')) entryPoints.push(path);
  });
  const result = await esbuild({
    entryPoints,
    outdir: outDir,
    outbase: sourceDir,
    bundle: false,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'warning',
    write: false,
  });
  // Each file is written beside its final name and renamed over it, so a process starting while a
  // build runs (or two builds racing) never reads a half-written module.
  const written = new Set();
  for (const file of result.outputFiles) {
    mkdirSync(dirname(file.path), { recursive: true });
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
    written.add(file.path);
  }
  // Drop output whose source is gone.
  walk(outDir, (path, entry) => {
    if (entry.isFile() && /\.js(\.map)?$/.test(path) && !written.has(path)) rmSync(path, { force: true });
  });
  writeFileSync(stamp, '');
  utimesSync(stamp, startedAt, startedAt);
  console.error(`crosscheck: compiled ${entryPoints.length} modules from ${relative(root, sourceDir)}/ into ${relative(root, outDir)}/`);
}

/** Builds when stale; returns whether it did. */
export async function ensureBuilt() {
  if (!isStale()) return false;
  await build();
  return true;
}

if (process.argv[1] === thisScript) {
  try {
    if (process.argv.includes('--if-stale')) await ensureBuilt();
    else await build();
  } catch (error) {
    console.error(`crosscheck: build failed: ${error.message}`);
    process.exit(1);
  }
}
