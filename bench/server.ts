// The server under test, as its own process (spawned by bench/run.ts with an IPC channel): the
// load generator then does not compete with it inside one event loop, and its memory is its own.
// Starts exactly as `npm start` does (start() from src/server.ts, configured by the environment),
// reports its port, answers memory questions, and stops gracefully when asked.
import { loadConfig } from '../src/config.js';
import { start } from '../src/server.js';

export interface ServerReport {
  type: 'ready' | 'memory' | 'memory-after-gc' | 'failed';
  port?: number;
  /** Peak resident set size of this process so far, bytes. */
  maxRss?: number;
  /** process.memoryUsage() now. */
  memory?: Record<string, number>;
  message?: string;
}

const send = (report: ServerReport) => process.send?.(report);

try {
  const { port, stop } = await start(loadConfig());
  const shutdown = () => stop().then(() => process.exit(0), () => process.exit(1));
  process.on('message', (message: { type?: string }) => {
    if (message.type === 'memory') send({ type: 'memory', maxRss: process.resourceUsage().maxRSS * 1024, memory: { ...process.memoryUsage() } });
    else if (message.type === 'memory-after-gc') {
      // What stays reachable once the garbage is collected (the server runs with --expose-gc).
      (globalThis as { gc?: () => void }).gc?.();
      send({ type: 'memory-after-gc', memory: { ...process.memoryUsage() } });
    }
    else if (message.type === 'stop') void shutdown();
  });
  process.once('SIGTERM', () => void shutdown());
  process.once('disconnect', () => void shutdown()); // the harness died: do not linger
  send({ type: 'ready', port });
} catch (error) {
  send({ type: 'failed', message: (error as Error).stack ?? String(error) });
  process.exit(1);
}
