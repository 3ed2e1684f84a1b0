// The change log, live: a subscriber follows the Change rows committed after it subscribed that it
// may see, by the rule of src/services/change-log.ts, re-evaluated with its token's rights as they
// stand whenever new changes are committed (a revoked token ends the stream).
//
// How: every commit of this process (Database.onCommit, so never a write that rolls back) publishes
// a bare "committed" signal to the streams open in this process. Each subscriber then reads, through its own
// cursor, the Change rows past it that it may see. Writes of this process are committed one at a
// time, so ids arrive in order. The signal carries no rows: a subscriber that falls behind reads
// at its own pace (every row is handed over only when its client takes the previous one), and
// signals arriving meanwhile collapse into one.
//
// One process only: the signal does not cross processes. Changes written by another process (the
// `crosscheck ingest` CLI, another replica) reach subscribers only when this process next commits,
// and on PostgreSQL one of them may be missed (its id taken before a later one's commit). Several
// replicas would need a shared pub/sub (PostgreSQL LISTEN/NOTIFY, Redis) to carry the signal.
import { Repeater } from '@repeaterjs/repeater';
import type { Database, Prisma } from '../db/client.js';
import { actorOfIdentity, anonymous, type Actor } from './access.js';
import { readableCollectionIds, visibleChangesWhere } from './change-log.js';
import { identityById } from './tokens.js';

export type ChangeRow = Prisma.ChangeGetPayload<object>;

export interface ChangeFilter {
  /** Only changes recorded with this collection (changes of shared records have none). */
  collectionId?: number;
  /** Only changes of these node types (Change.nodeType: 'Claim', 'Person' …). */
  nodeTypes?: readonly string[];
}

/** A change to hand over with the viewer it was checked for (redact its snapshots for that viewer), or the end of a revoked token's stream. */
export type ChangeEvent = { change: ChangeRow; viewer: Actor } | { revoked: true };

/** Rows read per statement while catching up. */
const PAGE_SIZE = 100;

interface Feed {
  /** Called after every commit of this process. */
  listeners: Set<() => void>;
  /** Stops every open subscription (a server shutting down). */
  subscribers: Set<() => void>;
}

const feeds = new WeakMap<Database, Feed>();

function feedOf(db: Database): Feed {
  let feed = feeds.get(db);
  if (!feed) {
    const listeners = new Set<() => void>();
    db.onCommit(() => {
      for (const listener of listeners) listener();
    });
    feeds.set(db, (feed = { listeners, subscribers: new Set() }));
  }
  return feed;
}

/** How many streams are open on this database. */
export function openSubscriptions(db: Database): number {
  return feeds.get(db)?.subscribers.size ?? 0;
}

/** Ends every open subscription on this database: each stream completes. */
export function endSubscriptions(db: Database): void {
  for (const stop of feeds.get(db)?.subscribers ?? []) stop();
}

/** The viewer's rights as they stand now; null when its token was revoked (or deleted). */
async function currentActor(db: Database, viewer: Actor): Promise<Actor | null> {
  if (viewer.tokenId === null) return anonymous;
  const identity = await identityById(db.prisma, viewer.tokenId);
  return identity ? actorOfIdentity(identity) : null;
}

/**
 * Follows the change log from now on: every change committed after this call resolves that the
 * viewer may see when it is committed, oldest first, narrowed by the filter.
 */
export async function followChanges(db: Database, viewer: Actor, filter: ChangeFilter = {}): Promise<AsyncIterableIterator<ChangeEvent>> {
  const feed = feedOf(db);
  // Taken before the stream is handed out: whatever commits from here on is delivered, even when
  // it commits before the client starts reading.
  let cursor = (await db.prisma.change.aggregate({ _max: { id: true } }))._max.id ?? 0;
  const narrowed: Prisma.ChangeWhereInput[] = [];
  if (filter.collectionId !== undefined) narrowed.push({ collectionId: filter.collectionId });
  if (filter.nodeTypes !== undefined) narrowed.push({ nodeType: { in: [...filter.nodeTypes] } });

  // Registered now, not when the client first reads, so that a shutdown ends a stream not yet read.
  let ended = false;
  let stopStream: (() => void) | undefined;
  const end = () => {
    ended = true;
    stopStream?.();
  };
  feed.subscribers.add(end);

  const stream = new Repeater<ChangeEvent>(async (push, stop) => {
    if (ended) return stop();
    stopStream = () => stop();
    let stopped = false;
    let pending = true; // catch up first: commits between the cursor and listening
    let wake: (() => void) | undefined;
    // Signals never queue up: each one only marks the log as grown.
    const committed = () => {
      pending = true;
      wake?.();
    };
    feed.listeners.add(committed);
    void stop.then(() => {
      stopped = true;
      feed.subscribers.delete(end);
      feed.listeners.delete(committed);
      wake?.();
    });

    while (!stopped) {
      if (!pending) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        continue;
      }
      pending = false;
      const now = await currentActor(db, viewer);
      if (now === null) {
        await push({ revoked: true });
        break;
      }
      // The one visibility rule (change-log.ts), for the rights the token holds now.
      const visible = visibleChangesWhere(await readableCollectionIds(db.prisma, now));
      // Rows up to the head are read in pages; those the viewer may not see are passed over.
      const head = (await db.prisma.change.aggregate({ _max: { id: true } }))._max.id ?? cursor;
      while (!stopped && cursor < head) {
        const rows = await db.prisma.change.findMany({
          where: { id: { gt: cursor, lte: head }, AND: [visible, ...narrowed] },
          orderBy: { id: 'asc' },
          take: PAGE_SIZE,
        });
        for (const change of rows) {
          if (stopped) break;
          await push({ change, viewer: now }); // resolves when the client takes it
          cursor = change.id;
        }
        if (rows.length < PAGE_SIZE && !stopped) cursor = head;
      }
    }
    stop();
  });
  // A client that leaves before reading anything never starts the stream: unregister on return too.
  const iterator: AsyncIterableIterator<ChangeEvent> = {
    [Symbol.asyncIterator]: () => iterator,
    next: () => stream.next(),
    return: (value?: unknown) => {
      feed.subscribers.delete(end);
      return stream.return(value as never);
    },
    throw: (error?: unknown) => stream.throw(error),
  };
  return iterator;
}
