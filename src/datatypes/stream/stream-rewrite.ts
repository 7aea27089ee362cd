// The commands that recreate a stream, for AOF rewrite: its entries, its metadata, its groups,
// consumers and pending entries.
// Mirrors: redis src/aof.c (rewriteStreamObject, rioWriteStreamPendingEntry, rioWriteStreamEmptyConsumer).

import { consumersSorted, groupsSorted } from './consumer-group.js';
import { formatId } from './stream-id.js';
import { chunkEntries } from './stream-node.js';
import type { StreamObject } from './stream-type.js';

/** Each command as latin1 strings: XADD per entry (or the MAXLEN 0 trick), XSETID, XGROUP, XCLAIM. */
export function* streamRewriteCommands(key: string, s: StreamObject): Generator<string[]> {
  if (s.length > 0) {
    for (const chunk of s.chunks) for (const e of chunkEntries(chunk)) yield ['XADD', key, formatId(e.id), ...e.fields];
  } else {
    // An empty stream: add an entry and trim it away at once, leaving the key.
    yield ['XADD', key, 'MAXLEN', '0', '0-1', 'x', 'y'];
  }
  yield [
    'XSETID', key, formatId(s.lastId), 'ENTRIESADDED', String(s.entriesAdded), 'MAXDELETEDID', formatId(s.maxDeletedId),
  ];
  for (const g of groupsSorted(s)) {
    yield ['XGROUP', 'CREATE', key, g.name, formatId(g.lastId), 'ENTRIESREAD', String(g.entriesRead)];
    for (const c of consumersSorted(g)) {
      if (c.pel.length === 0) {
        yield ['XGROUP', 'CREATECONSUMER', key, g.name, c.name];
        continue;
      }
      for (const nack of c.pel) {
        yield [
          'XCLAIM', key, g.name, c.name, '0', formatId(nack.id), 'TIME', String(nack.deliveryTime), 'RETRYCOUNT',
          String(nack.deliveryCount), 'JUSTID', 'FORCE',
        ];
      }
    }
  }
}
