// Runs the `crosscheck` command as an operator does (bin/crosscheck.js: the CLI compiled into
// dist/), in a child process with the given DATABASE_URL. For the few tests of a command family
// that need the real process: exit codes, one-line messages, a second process on one database.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../src/db/provider.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], databaseUrl: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(projectRoot, 'bin', 'crosscheck.js'), ...args], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
