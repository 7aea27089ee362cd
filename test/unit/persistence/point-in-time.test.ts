// PointInTimeView without sockets: the view a background writer reads is the dataset at its start,
// whatever is written meanwhile; only one view (one writer) may hold the guard at a time.

import { describe, expect, it } from 'vitest';
import { Config } from '../../../src/config/config.js';
import { listValues } from '../../../src/datatypes/list/list-type.js';
import { PointInTimeView } from '../../../src/persistence/point-in-time.js';
import { Server } from '../../../src/server/server.js';
import { InternalClient } from '../../../src/testing/internal-client.js';

function newServer(): { server: Server; client: InternalClient } {
  const server = new Server(Config.fromObject({ save: '', loglevel: 'warning' }), { logSink: () => undefined });
  return { server, client: new InternalClient(server) };
}

describe('PointInTimeView', () => {
  it('hands out each value as it was at the start, even after an in-place write, RENAME or DEL', () => {
    const { server, client } = newServer();
    client.run('RPUSH', 'a', '1', '2');
    client.run('RPUSH', 'b', 'x');
    const view = new PointInTimeView(server.keyspace);
    client.run('RPUSH', 'a', '3');
    client.run('RENAME', 'b', 'c');
    client.run('RPUSH', 'c', 'y');
    client.run('DEL', 'a');
    const db = view.dbs[0];
    expect(db?.keys).toEqual(['a', 'b']);
    const values = db === undefined ? [] : db.keys.map((_, i) => view.take(db, i));
    expect(values.map((v) => (v.type === 'list' ? [...listValues(v)] : []))).toEqual([['1', '2'], ['x']]);
    expect(view.copiedValues).toBe(2);
    expect(view.keysProcessed).toBe(2);
    view.release();
    expect(server.keyspace.db(0).writeGuard).toBeNull();
  });

  it('refuses a second view while one holds the guard (one background writer at a time)', () => {
    const { server } = newServer();
    const view = new PointInTimeView(server.keyspace);
    expect(() => new PointInTimeView(server.keyspace)).toThrow('a point-in-time view is already active');
    view.release();
    new PointInTimeView(server.keyspace).release();
  });
});
