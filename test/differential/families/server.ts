// Generators for the connection and server commands whose replies are comparable: PING, ECHO, HELLO (which
// switches the protocol mid-sequence), CLIENT names and ids, CONFIG GET of fixed parameters, TIME, INFO.

import * as fc from 'fast-check';
import { b, cmd, gen, kw, opt, value, withCompare, type CommandGen } from '../harness/args.js';

/**
 * Parameters whose value is the same on both servers. Left out: port, dir, pidfile, save, appendonly and
 * maxclients, which the test harness or the machine sets differently for the two.
 */
const CONFIG_NAMES = [
  'hash-max-listpack-entries', 'hash-max-ziplist-value', 'zset-max-listpack-value', 'list-max-listpack-size', 'set-max-intset-entries',
  'maxmemory-policy', 'maxmemory', 'lazyfree-lazy-user-del', 'notify-keyspace-events', 'timeout', 'databases', 'hz', 'lfu-log-factor',
  'proto-max-bulk-len', 'nosuch-parameter', '*listpack*', 'HASH-MAX-LISTPACK-ENTRIES',
] as const;

export function serverGens(): CommandGen[] {
  return [
    gen('ping', 2, cmd('PING', opt(value))),
    gen('echo', 2, cmd('ECHO', value)),
    gen('hello', 2, withCompare(cmd('HELLO', opt(fc.constantFrom('2', '3', '4', '1', 'abc', '-1').map(b)), opt(fc.tuple(kw('SETNAME'), fc.constantFrom('app', 'a b', '').map(b)))), { kind: 'shape' })),
    gen('client', 2, cmd('CLIENT', kw('SETNAME'), fc.constantFrom('app', 'a b', '', 'x\ny', 'name-2').map(b))),
    gen('client', 2, cmd('CLIENT', kw('GETNAME'))),
    gen('client', 1, withCompare(cmd('CLIENT', kw('ID')), { kind: 'anyInteger' })),
    gen('client', 1, withCompare(cmd('CLIENT', kw('INFO')), { kind: 'shape' })),
    gen('client', 1, cmd('CLIENT', kw('HELP'))),
    gen('client', 1, cmd('CLIENT', fc.constantFrom('NOSUCH', 'REPLY').map(b))),
    gen('config', 3, withCompare(cmd('CONFIG', kw('GET'), fc.array(fc.constantFrom(...CONFIG_NAMES).map(b), { minLength: 1, maxLength: 3 })), { kind: 'unorderedPairs' })),
    gen('time', 1, withCompare(cmd('TIME'), { kind: 'shape' })),
    gen('lastsave', 1, withCompare(cmd('LASTSAVE'), { kind: 'anyInteger' })),
    gen('info', 1, withCompare(cmd('INFO', opt(fc.constantFrom('server', 'keyspace', 'nosuchsection', 'stats').map(b))), { kind: 'shape' })),
    gen('dbsize', 1, cmd('DBSIZE')),
  ];
}
