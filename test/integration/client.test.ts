// CLIENT subcommands over TCP: ID, SETNAME/GETNAME, LIST, INFO, KILL (both forms, every filter),
// REPLY ON/OFF/SKIP, NO-EVICT, HELP. Expected texts read off Redis 7.0.15.

import { describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { COMMAND_SPECS } from '../../src/commands/table.js';
import { RawClient, resp } from '../helpers/server.js';
import { useTsredis } from '../helpers/side-by-side.js';

/** BLPOP arrives with the list family; the blocking half of the UNBLOCK tests needs it. */
const hasBlpop = COMMAND_SPECS.some((spec) => spec.name === 'blpop');


const ours = useTsredis({ raw: false });

/** A raw connection and its CLIENT ID. */
async function connect(): Promise<{ raw: RawClient; id: number }> {
  const raw = await RawClient.connect(ours.port);
  const reply = await raw.roundTrip(resp('CLIENT', 'ID'));
  return { raw, id: Number(reply.slice(1, -2)) };
}

/** The fields of one CLIENT LIST line. */
function parseLine(line: string): Map<string, string> {
  return new Map(line.split(' ').map((field) => {
    const eq = field.indexOf('=');
    return [field.slice(0, eq), field.slice(eq + 1)] as [string, string];
  }));
}

const LIST_FIELDS = [
  'id', 'addr', 'laddr', 'fd', 'name', 'age', 'idle', 'flags', 'db', 'sub', 'psub', 'ssub', 'multi', 'qbuf',
  'qbuf-free', 'argv-mem', 'multi-mem', 'rbs', 'rbp', 'obl', 'oll', 'omem', 'tot-mem', 'events', 'cmd', 'user',
  'redir', 'resp',
];

describe('CLIENT ID, SETNAME, GETNAME', () => {
  it('ids are unique and increasing', async () => {
    const a = await connect();
    const b = await connect();
    expect(b.id).toBeGreaterThan(a.id);
    a.raw.close();
    b.raw.close();
  });

  it('SETNAME and GETNAME round-trip; an empty name clears it', async () => {
    const redis = new Redis({ port: ours.port });
    expect(await redis.client('GETNAME')).toBeNull();
    expect(await redis.client('SETNAME', 'worker~1')).toBe('OK');
    expect(await redis.client('GETNAME')).toBe('worker~1');
    expect(await redis.client('SETNAME', '')).toBe('OK');
    expect(await redis.client('GETNAME')).toBeNull();
    redis.disconnect();
  });

  it('SETNAME refuses spaces and non-printable bytes', async () => {
    const { raw } = await connect();
    const error = '-ERR Client names cannot contain spaces, newlines or special characters.\r\n';
    expect(await raw.roundTrip(resp('CLIENT', 'SETNAME', 'a b'))).toBe(error);
    expect(await raw.roundTrip(resp('CLIENT', 'SETNAME', Buffer.from([0x61, 0xff])))).toBe(error);
    expect(await raw.roundTrip(resp('CLIENT', 'SETNAME'))).toBe("-ERR wrong number of arguments for 'client|setname' command\r\n");
    expect(await raw.roundTrip(resp('CLIENT', 'GETNAME', 'x'))).toBe("-ERR wrong number of arguments for 'client|getname' command\r\n");
    raw.close();
  });
});

describe('CLIENT LIST and CLIENT INFO', () => {
  it('CLIENT INFO has Redis 7.0 fields in order and ends with a newline', async () => {
    const { raw, id } = await connect();
    await raw.roundTrip(resp('CLIENT', 'SETNAME', 'me'));
    await raw.roundTrip(resp('SELECT', '2'));
    const reply = await raw.roundTrip(resp('CLIENT', 'INFO'), '\n\r\n');
    const body = reply.slice(reply.indexOf('\r\n') + 2, -2);
    expect(reply.startsWith(`$${body.length}\r\n`)).toBe(true);
    expect(body.endsWith('\n')).toBe(true);
    const fields = parseLine(body.slice(0, -1));
    expect([...fields.keys()]).toEqual(LIST_FIELDS);
    expect(fields.get('id')).toBe(String(id));
    expect(fields.get('addr')).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(fields.get('laddr')).toBe(`127.0.0.1:${ours.port}`);
    expect(fields.get('name')).toBe('me');
    expect(fields.get('flags')).toBe('N');
    expect(fields.get('db')).toBe('2');
    expect(fields.get('cmd')).toBe('client|info');
    expect(fields.get('argv-mem')).toBe('10');
    expect(fields.get('user')).toBe('default');
    expect(fields.get('resp')).toBe('2');
    raw.close();
  });

  it('CLIENT INFO and LIST are verbatim strings in RESP3', async () => {
    const { raw } = await connect();
    await raw.roundTrip(resp('HELLO', '3'), '*0\r\n');
    const reply = await raw.roundTrip(resp('CLIENT', 'INFO'), '\n\r\n');
    expect(reply).toMatch(/^=\d+\r\ntxt:id=\d+ .* resp=3\n\r\n$/);
    raw.close();
    const client = createClient({ url: ours.running.url, RESP: 3 });
    await client.connect();
    const info = await client.clientInfo();
    expect(info.resp).toBe(3);
    await client.quit();
  });

  it('CLIENT LIST shows every connection, one line each', async () => {
    const a = await connect();
    const b = await connect();
    await b.raw.roundTrip(resp('CLIENT', 'SETNAME', 'bee'));
    const reply = await a.raw.roundTrip(resp('CLIENT', 'LIST'), '\n\r\n');
    const lines = reply.slice(reply.indexOf('\r\n') + 2, -3).split('\n').map(parseLine);
    const ids = lines.map((f) => Number(f.get('id')));
    expect(ids).toContain(a.id);
    expect(ids).toContain(b.id);
    const mine = lines.find((f) => f.get('id') === String(a.id));
    const theirs = lines.find((f) => f.get('id') === String(b.id));
    expect(mine?.get('cmd')).toBe('client|list');
    expect(theirs?.get('cmd')).toBe('client|setname');
    expect(theirs?.get('name')).toBe('bee');
    a.raw.close();
    b.raw.close();
  });

  it('CLIENT LIST ID keeps the order given, repeats repeated ids and skips unknown ones', async () => {
    const a = await connect();
    const b = await connect();
    const reply = await a.raw.roundTrip(resp('CLIENT', 'LIST', 'ID', String(b.id), String(a.id), String(b.id), '999999', '-1'), '\n\r\n');
    const ids = reply.slice(reply.indexOf('\r\n') + 2, -3).split('\n').map((line) => parseLine(line).get('id'));
    expect(ids).toEqual([String(b.id), String(a.id), String(b.id)]);
    a.raw.close();
    b.raw.close();
  });

  it('CLIENT LIST TYPE filters, and errors match Redis', async () => {
    const { raw, id } = await connect();
    const normal = await raw.roundTrip(resp('CLIENT', 'LIST', 'TYPE', 'NORMAL'), '\n\r\n');
    expect(normal).toContain(`id=${id} `);
    expect(await raw.roundTrip(resp('CLIENT', 'LIST', 'TYPE', 'replica'))).toBe('$0\r\n\r\n');
    expect(await raw.roundTrip(resp('CLIENT', 'LIST', 'TYPE', 'master'))).toBe('$0\r\n\r\n');
    expect(await raw.roundTrip(resp('CLIENT', 'LIST', 'TYPE', 'foo'))).toBe("-ERR Unknown client type 'foo'\r\n");
    expect(await raw.roundTrip(resp('CLIENT', 'LIST', 'ID'))).toBe('-ERR syntax error\r\n');
    expect(await raw.roundTrip(resp('CLIENT', 'LIST', 'ID', '1', 'abc'))).toBe('-ERR Invalid client ID\r\n');
    expect(await raw.roundTrip(resp('CLIENT', 'LIST', 'TYPE', 'normal', 'ID', '1'))).toBe('-ERR syntax error\r\n');
    expect(await raw.roundTrip(resp('CLIENT', 'LIST', 'foo'))).toBe('-ERR syntax error\r\n');
    raw.close();
  });
});

describe('CLIENT KILL', () => {
  it('the old form kills by address and replies OK, or ERR No such client', async () => {
    const killer = await connect();
    const victim = await connect();
    const info = await victim.raw.roundTrip(resp('CLIENT', 'INFO'), '\n\r\n');
    const addr = /addr=(\S+)/.exec(info)?.[1] ?? '';
    expect(await killer.raw.roundTrip(resp('CLIENT', 'KILL', addr))).toBe('+OK\r\n');
    expect(await victim.raw.waitClosed()).toBe(true);
    expect(await killer.raw.roundTrip(resp('CLIENT', 'KILL', addr))).toBe('-ERR No such client\r\n');
    expect(await killer.raw.roundTrip(resp('CLIENT', 'KILL', '1.2.3.4:5'))).toBe('-ERR No such client\r\n');
    killer.raw.close();
  });

  it('the filter form counts what it killed and skips the caller by default', async () => {
    const killer = await connect();
    const victim = await connect();
    expect(await killer.raw.roundTrip(resp('CLIENT', 'KILL', 'ID', String(victim.id)))).toBe(':1\r\n');
    expect(await victim.raw.waitClosed()).toBe(true);
    expect(await killer.raw.roundTrip(resp('CLIENT', 'KILL', 'ID', String(victim.id)))).toBe(':0\r\n');
    expect(await killer.raw.roundTrip(resp('CLIENT', 'KILL', 'ID', String(killer.id)))).toBe(':0\r\n');
    expect(await killer.raw.roundTrip(resp('PING'))).toBe('+PONG\r\n');
    killer.raw.close();
  });

  it('SKIPME no lets a client kill itself after the reply', async () => {
    const { raw, id } = await connect();
    raw.write(Buffer.concat([resp('CLIENT', 'KILL', 'ID', String(id), 'SKIPME', 'no'), resp('PING')]));
    expect((await raw.readUntil(':1\r\n')).toString()).toBe(':1\r\n');
    expect(await raw.waitClosed()).toBe(true);
  });

  it('ADDR, LADDR, TYPE and USER filters combine', async () => {
    const killer = await connect();
    const victim = await connect();
    const info = await victim.raw.roundTrip(resp('CLIENT', 'INFO'), '\n\r\n');
    const addr = /addr=(\S+)/.exec(info)?.[1] ?? '';
    expect(await killer.raw.roundTrip(resp('CLIENT', 'KILL', 'ADDR', addr, 'TYPE', 'pubsub'))).toBe(':0\r\n');
    expect(await killer.raw.roundTrip(resp('CLIENT', 'KILL', 'LADDR', '1.1.1.1:1'))).toBe(':0\r\n');
    expect(
      await killer.raw.roundTrip(resp('CLIENT', 'KILL', 'ADDR', addr, 'LADDR', `127.0.0.1:${ours.port}`, 'TYPE', 'normal', 'USER', 'default')),
    ).toBe(':1\r\n');
    expect(await victim.raw.waitClosed()).toBe(true);
    killer.raw.close();
  });

  it('reports Redis errors for bad filters', async () => {
    const { raw } = await connect();
    const cases: Array<[string[], string]> = [
      [['ID', '0'], 'ERR client-id should be greater than 0'],
      [['ID', 'abc'], 'ERR client-id should be greater than 0'],
      [['ID', '-5'], 'ERR client-id should be greater than 0'],
      [['ID', '1', '2'], 'ERR syntax error'],
      [['TYPE', 'bogus'], "ERR Unknown client type 'bogus'"],
      [['USER', 'nosuch'], "ERR No such user 'nosuch'"],
      [['TYPE', 'normal', 'SKIPME', 'maybe'], 'ERR syntax error'],
      [['MAXAGE', '10'], 'ERR syntax error'],
      [[], "ERR wrong number of arguments for 'client|kill' command"],
    ];
    for (const [args, message] of cases) expect(await raw.roundTrip(resp('CLIENT', 'KILL', ...args))).toBe(`-${message}\r\n`);
    raw.close();
  });
});

describe('CLIENT REPLY', () => {
  it('OFF silences until ON; SKIP drops only the next reply', async () => {
    const { raw } = await connect();
    raw.write(Buffer.concat([
      resp('CLIENT', 'REPLY', 'OFF'), resp('PING', 'a'), resp('CLIENT', 'REPLY', 'SKIP'), resp('PING', 'b'),
      resp('CLIENT', 'REPLY', 'ON'), resp('PING', 'c'),
      resp('CLIENT', 'REPLY', 'SKIP'), resp('PING', 'd'), resp('PING', 'e'),
      resp('CLIENT', 'REPLY', 'SKIP'), resp('CLIENT', 'REPLY', 'SKIP'), resp('PING', 'f'), resp('PING', 'g'),
      resp('CLIENT', 'REPLY', 'SKIP'), resp('NOSUCH'), resp('PING', 'h'),
    ]));
    expect((await raw.readUntil('$1\r\nh\r\n')).toString()).toBe('+OK\r\n$1\r\nc\r\n$1\r\ne\r\n$1\r\ng\r\n$1\r\nh\r\n');
    raw.close();
  });

  it('ON after SKIP replies OK, and bad modes are a syntax error', async () => {
    const { raw } = await connect();
    raw.write(Buffer.concat([resp('CLIENT', 'REPLY', 'SKIP'), resp('CLIENT', 'REPLY', 'ON'), resp('CLIENT', 'REPLY', 'maybe')]));
    expect((await raw.readUntil('-ERR syntax error\r\n')).toString()).toBe('+OK\r\n-ERR syntax error\r\n');
    raw.close();
  });
});

describe('CLIENT UNBLOCK', () => {
  it('replies 0 for a client that is not blocked, with Redis errors for bad arguments', async () => {
    const a = await connect();
    const b = await connect();
    expect(await a.raw.roundTrip(resp('CLIENT', 'UNBLOCK', String(b.id)))).toBe(':0\r\n');
    expect(await a.raw.roundTrip(resp('CLIENT', 'UNBLOCK', '999999', 'ERROR'))).toBe(':0\r\n');
    expect(await a.raw.roundTrip(resp('CLIENT', 'UNBLOCK', '-1', 'timeout'))).toBe(':0\r\n');
    expect(await a.raw.roundTrip(resp('CLIENT', 'UNBLOCK', 'abc'))).toBe('-ERR value is not an integer or out of range\r\n');
    // The reason is checked before the id.
    expect(await a.raw.roundTrip(resp('CLIENT', 'UNBLOCK', 'abc', 'foo'))).toBe('-ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR\r\n');
    expect(await a.raw.roundTrip(resp('CLIENT', 'UNBLOCK', '1', 'timeout', 'x'))).toBe(
      "-ERR unknown subcommand or wrong number of arguments for 'UNBLOCK'. Try CLIENT HELP.\r\n",
    );
    a.raw.close();
    b.raw.close();
  });

  it.skipIf(!hasBlpop)('ends a BLPOP as a timeout or with the UNBLOCKED error', async () => {
    const a = await connect();
    const b = await connect();
    b.raw.write(resp('BLPOP', 'nolist', '0'));
    const waitBlocked = async (): Promise<void> => {
      while (!(await a.raw.roundTrip(resp('INFO', 'clients'), '\r\n\r\n')).includes('blocked_clients:1\r\n')) await new Promise((r) => setTimeout(r, 10));
    };
    await waitBlocked();
    const line = await a.raw.roundTrip(resp('CLIENT', 'LIST', 'ID', String(b.id)), '\n\r\n');
    expect(line).toContain(' flags=b ');
    expect(line).toContain(' cmd=blpop ');
    expect(await a.raw.roundTrip(resp('CLIENT', 'UNBLOCK', String(b.id)))).toBe(':1\r\n');
    expect((await b.raw.readUntil('\r\n')).toString()).toBe('*-1\r\n');
    b.raw.write(resp('BLPOP', 'nolist', '0'));
    await waitBlocked();
    expect(await a.raw.roundTrip(resp('CLIENT', 'UNBLOCK', String(b.id), 'ERROR'))).toBe(':1\r\n');
    expect((await b.raw.readUntil('\r\n')).toString()).toBe('-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n');
    a.raw.close();
    b.raw.close();
  });
});

describe('CLIENT LIST of a client inside MULTI (read off Redis 7.0.15)', () => {
  it('shows flags x (in MULTI) and d (a watched key changed), the queued count and the last queued command', async () => {
    const a = await connect();
    const b = await connect();
    expect(await a.raw.roundTrip(Buffer.concat([resp('WATCH', 'k'), resp('MULTI'), resp('SET', 'a', '1'), resp('GET', 'a')]), '+QUEUED\r\n+QUEUED\r\n')).toBe(
      '+OK\r\n+OK\r\n+QUEUED\r\n+QUEUED\r\n',
    );
    expect(await b.raw.roundTrip(resp('SET', 'k', '2'))).toBe('+OK\r\n');
    const list = await b.raw.roundTrip(resp('CLIENT', 'LIST'), '\n\r\n');
    expect(list).toMatch(new RegExp(`id=${a.id} .* flags=xd db=0 sub=0 psub=0 ssub=0 multi=2 .* cmd=get `));
    expect(await a.raw.roundTrip(resp('EXEC'))).toBe('*-1\r\n');
    expect(await b.raw.roundTrip(resp('CLIENT', 'LIST'), '\n\r\n')).toMatch(new RegExp(`id=${a.id} .* flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 .* cmd=exec `));
    a.raw.close();
    b.raw.close();
  });
});

describe('CLIENT NO-EVICT and HELP', () => {
  it('NO-EVICT ON shows flag e', async () => {
    const { raw } = await connect();
    expect(await raw.roundTrip(resp('CLIENT', 'NO-EVICT', 'on'))).toBe('+OK\r\n');
    expect(await raw.roundTrip(resp('CLIENT', 'INFO'), '\n\r\n')).toContain(' flags=e ');
    expect(await raw.roundTrip(resp('CLIENT', 'NO-EVICT', 'OFF'))).toBe('+OK\r\n');
    expect(await raw.roundTrip(resp('CLIENT', 'INFO'), '\n\r\n')).toContain(' flags=N ');
    expect(await raw.roundTrip(resp('CLIENT', 'NO-EVICT', 'maybe'))).toBe('-ERR syntax error\r\n');
    raw.close();
  });

  it('HELP and unknown subcommands', async () => {
    const { raw } = await connect();
    const help = await raw.roundTrip(resp('CLIENT', 'HELP'), '+    Prints this help.\r\n');
    expect(help).toMatch(/^\*\d+\r\n\+CLIENT <subcommand> \[<arg> \[value\] \[opt\] \.\.\.\]\. Subcommands are:\r\n/);
    expect(await raw.roundTrip(resp('CLIENT', 'FOO'))).toBe("-ERR unknown subcommand 'FOO'. Try CLIENT HELP.\r\n");
    expect(await raw.roundTrip(resp('CLIENT'))).toBe("-ERR wrong number of arguments for 'client' command\r\n");
    raw.close();
  });
});
