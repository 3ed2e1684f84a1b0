// Listens: migrates, loads the sample corpus into an empty database, serves /graphql and
// /health, and shuts down gracefully (in-flight requests finish, the database closes).
// `npm start` runs the compiled copy (node dist/server.js, see scripts/build.mjs) as a plain node
// process, so a signal reaches this process rather than a wrapper that might kill it.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from './config.js';
import { openDatabase, type Database } from './db/client.js';
import { migrate } from './db/migrate.js';
import { createLogger } from './logger.js';
import { endSubscriptions } from './services/change-feed.js';
import { activeTable } from './services/normalisation.js';
import { isEmpty, loadSeed } from './services/seed.js';
import { limitsFromSettings } from './limits.js';
import { createApp } from './yoga.js';

export async function healthOf(db: Database) {
  const up = await db.ping();
  return { status: up ? 'ok' : 'unavailable', database: { provider: db.provider, up } };
}

export async function start(config: Config = loadConfig()) {
  const logger = createLogger(config.LOG_LEVEL);
  const migration = await migrate(config.DATABASE_URL);
  if (migration.applied.length > 0) logger.info({ applied: migration.applied }, 'migrations applied');
  const db = await openDatabase(config.DATABASE_URL, { synchronous: config.SQLITE_SYNCHRONOUS });
  if (await isEmpty(db.prisma)) {
    const report = await loadSeed(db.prisma, undefined, activeTable(config.NORMALISATION_TABLE));
    logger.info({ report }, 'sample corpus loaded into the empty database');
  }
  const app = createApp({ db, logger, introspection: config.GRAPHQL_INTROSPECTION, limits: limitsFromSettings(config) });

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'GET' && req.url?.split('?')[0] === '/health') {
      const health = await healthOf(db);
      res.writeHead(health.database.up ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify(health));
      return;
    }
    await app(req, res);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch(async (error: NodeJS.ErrnoException) => {
    await db.close();
    if (error.code === 'EADDRINUSE') throw new StartupError(`Port ${config.PORT} is already in use: stop the other process or set PORT.`);
    throw error;
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  logger.info({ port, provider: db.provider }, `crosscheck serving GraphiQL on http://localhost:${port}/graphql`);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      // Stop listening first: once "shutting down" is logged, new connections are refused.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      logger.info('shutting down: finishing in-flight requests');
      // Subscription streams never finish by themselves: complete them, so their connections idle.
      endSubscriptions(db);
      // Keep-alive connections turn idle as their last response ends: close them as they do.
      const sweeper = setInterval(() => server.closeIdleConnections(), 25);
      const deadline = setTimeout(() => server.closeAllConnections(), config.SHUTDOWN_TIMEOUT_MS);
      server.closeIdleConnections();
      await closed;
      clearInterval(sweeper);
      clearTimeout(deadline);
      await db.close();
      logger.info('stopped');
    })());
  return { server, port, db, stop };
}

/** A failure to start that deserves one line, not a stack trace. */
export class StartupError extends Error {}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const { stop } = await start();
    // Ctrl-C, systemd and container runtimes signal the whole process group, and npm forwards the
    // signal again: the first one starts the shutdown, later ones change nothing (only
    // SHUTDOWN_TIMEOUT_MS cuts in-flight requests short). A listener stays installed, so a repeated
    // signal never falls through to the default action, which would kill the process mid-request.
    let exiting = false;
    const onSignal = () => {
      if (exiting) return;
      exiting = true;
      stop().then(
        () => process.exit(0),
        (error) => {
          console.error(error);
          process.exit(1);
        },
      );
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  } catch (error) {
    console.error(error instanceof StartupError || (error as Error).name === 'SeedError' ? `crosscheck: ${(error as Error).message}` : error);
    process.exit(1);
  }
}
