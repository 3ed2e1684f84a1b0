// The server as operators run it: `npm start` in its own process group (as a terminal, systemd or
// a container runtime starts it), on the port it picks, with its log read line by line.
// `npm start` rebuilds dist/ first when a source is newer than the last build.
import { spawn, type ChildProcess } from 'node:child_process';
import { projectRoot } from '../../src/db/provider.js';

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Resolves once the output contains text; rejects if the process exits first. */
  waitFor(text: string): Promise<void>;
  /** Sends a signal to every process of the group: npm and the server. */
  signalGroup(signal: NodeJS.Signals): void;
  /** How the npm process ended, once its output is complete. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Kills the group if it is still running (for cleanup after a failed test). */
  kill(): void;
}

export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn('npm', ['start'], {
    cwd: projectRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
  });
  let output = '';
  let running = true;
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    for (const check of waiters) check();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    // 'close': the process has exited and every holder of its pipes too, so `output` is complete.
    child.once('close', (code, signal) => {
      running = false;
      for (const check of waiters) check();
      resolve({ code, signal });
    });
  });

  const waitFor = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (output.includes(text)) {
          waiters.delete(check);
          resolve();
        } else if (!running) {
          waiters.delete(check);
          reject(new Error(`the server exited before printing "${text}":\n${output}`));
        }
      };
      waiters.add(check);
      check();
    });

  const signalGroup = (signal: NodeJS.Signals) => process.kill(-child.pid!, signal);
  const kill = () => {
    if (!running) return;
    try {
      signalGroup('SIGKILL');
    } catch {
      // already gone
    }
  };

  try {
    await waitFor('crosscheck serving');
  } catch (error) {
    kill();
    throw error;
  }
  const line = output.split('\n').find((entry) => entry.includes('crosscheck serving'))!;
  const port = (JSON.parse(line) as { port: number }).port;
  return { child, port, output: () => output, waitFor, signalGroup, exited, kill };
}
