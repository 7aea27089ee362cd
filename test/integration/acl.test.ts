// ACL users against redis-server 7.0.15: the same command sequences on both servers, raw replies
// compared byte for byte (client ids, ports, ages and the per-process order of single-command
// rules normalized away; see acl-helpers.ts). Start-up users and client libraries: acl-startup.test.ts.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { haveRedisServer, useRealRedis, useTsredis } from '../helpers/side-by-side.js';
import { ReplyReader, transcript, type Step } from './acl-helpers.js';

const haveRedis = haveRedisServer();

/** Delete every user but default and clear the log, so each scenario starts alike on both servers. */
async function cleanSlate(port: number): Promise<void> {
  const c = await ReplyReader.connect(port);
  const users = (await c.command('ACL', 'USERS')).split('\r\n').filter((l, i) => i % 2 === 0 && i > 0 && l !== '' && l !== 'default');
  if (users.length > 0) await c.command('ACL', 'DELUSER', ...users);
  await c.command('ACL', 'LOG', 'RESET');
  await c.command('CONFIG', 'SET', 'requirepass', '');
  await c.command('CONFIG', 'SET', 'acl-pubsub-default', 'resetchannels');
  await c.command('FLUSHALL');
  c.close();
}

const SCENARIOS: Record<string, { conns: number; steps: Step[] }> = {
  'SETUSER rules, LIST and GETUSER print the same rule strings': {
    conns: 1,
    steps: [
      [0, 'ACL', 'SETUSER', 'alice', 'on', '>p1', '~foo*', '%R~bar', '&ch*', '+get', '+@hash', '-hset', '+config|get', '-@dangerous', '+client|list'],
      [0, 'ACL', 'SETUSER', 'bob'],
      [0, 'ACL', 'SETUSER', 'carol', 'reset', 'nopass', 'allkeys', 'allchannels', 'allcommands', '-@admin', '+config|get'],
      [0, 'ACL', 'SETUSER', 'dave', 'on', '#2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b', '%W~w*', '%RW~rw*', '~rw*', '+@read', '+@string', '-@keyspace', '-@fast', '+select|0', '+select|1'],
      [0, 'ACL', 'SETUSER', 'erin', 'on', 'nopass', '(~a* +get)', '(%R~b* +set', '+del)', 'skip-sanitize-payload'],
      [0, 'ACL', 'SETUSER', 'frank', 'allcommands', 'nocommands', '+@string', '+@list', '-@slow', '-lpush', '+@all', '-@write', '>x', '>y', '<x'],
      [0, 'ACL', 'LIST'],
      [0, 'ACL', 'USERS'],
      [0, 'ACL', 'GETUSER', 'alice'],
      [0, 'ACL', 'GETUSER', 'carol'],
      [0, 'ACL', 'GETUSER', 'dave'],
      [0, 'ACL', 'GETUSER', 'erin'],
      [0, 'ACL', 'GETUSER', 'nobody'],
      [0, 'ACL', 'SETUSER', 'erin', 'clearselectors', 'resetkeys', '~x', '~x', '%R~x'],
      [0, 'ACL', 'GETUSER', 'erin'],
      [0, 'ACL', 'SETUSER', 'frank', 'nopass', 'resetpass'],
      [0, 'ACL', 'GETUSER', 'frank'],
      [0, 'ACL', 'GETUSER', 'default'],
    ],
  },
  'rule spellings: case, duplicates, empty rules, %RW~, patterns after allkeys, empty selectors': {
    conns: 1,
    steps: [
      [0, 'ACL', 'SETUSER', 'e1', 'ON', '+GET', '+@HASH', '~K*', '%rw~x', '%wr~y', '%R~z', '%W~z', '&C', '', '>', '>'],
      [0, 'ACL', 'SETUSER', 'e1', '#5E884898DA28047151D0E56F8DC6292773603D0D6AABBDD62A11EF721D1542D8'],
      [0, 'ACL', 'SETUSER', 'e2', 'on', '~a', 'allkeys', '&a', 'allchannels', 'nopass', '>x', 'resetpass', 'nopass'],
      [0, 'ACL', 'SETUSER', 'e3', '()', '( ~a   +get )', '(~b +@read)'],
      [0, 'ACL', 'SETUSER', 'e4', '%RW~*', '%R~*', 'allcommands', '-@all', '+@all', '-config|set', '-client'],
      [0, 'ACL', 'SETUSER', 'e5', '+config', '-config|set', '+acl|cat', '+select|0', '+SELECT|1', '+select|0', '-select', '+select|2'],
      [0, 'ACL', 'SETUSER', 'e6', 'sanitize-payload', 'skip-sanitize-payload', 'clearselectors', '(+get)', 'clearselectors'],
      [0, 'ACL', 'SETUSER', 'ü', 'on', '>pä', '~ké*', '&çh', '+get'],
      [0, 'ACL', 'LIST'],
      [0, 'ACL', 'GETUSER', 'e3'],
      [0, 'ACL', 'GETUSER', 'e4'],
      [0, 'ACL', 'DRYRUN', 'e4', 'get', 'anything'], [0, 'ACL', 'DRYRUN', 'e4', 'config', 'set', 'a', 'b'], [0, 'ACL', 'DRYRUN', 'e4', 'client', 'list'],
      [0, 'ACL', 'DRYRUN', 'e5', 'select', '2'], [0, 'ACL', 'DRYRUN', 'e5', 'select', '0'], [0, 'ACL', 'DRYRUN', 'e5', 'config', 'get', 'x'],
      [0, 'ACL', 'DRYRUN', 'e1', 'hget', 'k1', 'f'], [0, 'ACL', 'DRYRUN', 'e1', 'hset', 'x', 'f', 'v'], [0, 'ACL', 'DRYRUN', 'e1', 'hset', 'z', 'f', 'v'],
      [0, 'ACL', 'DRYRUN', 'e3', 'get', 'a'], [0, 'ACL', 'DRYRUN', 'e3', 'get', 'b'], [0, 'ACL', 'DRYRUN', 'e3', 'get', 'c'],
      [0, 'ACL', 'DRYRUN', 'ü', 'get', 'ké1'], [0, 'ACL', 'DRYRUN', 'ü', 'get', 'ke1'], [0, 'ACL', 'GETUSER', 'ü'],
    ],
  },
  'SETUSER errors: nothing applies when one rule fails': {
    conns: 1,
    steps: [
      [0, 'ACL', 'SETUSER', 'a b'],
      [0, 'ACL', 'SETUSER', 'x', '(+get'],
      [0, 'ACL', 'SETUSER', 'x', 'on', 'foo'],
      [0, 'ACL', 'SETUSER', 'x', '+nosuch'],
      [0, 'ACL', 'SETUSER', 'x', '+@nosuch'],
      [0, 'ACL', 'SETUSER', 'x', '-config|get|x'],
      [0, 'ACL', 'SETUSER', 'x', '+config|get|x'],
      [0, 'ACL', 'SETUSER', 'x', '+select|'],
      [0, 'ACL', 'SETUSER', 'x', 'allkeys', '~a'],
      [0, 'ACL', 'SETUSER', 'x', 'allchannels', '&a'],
      [0, 'ACL', 'SETUSER', 'x', '<nopw'],
      [0, 'ACL', 'SETUSER', 'x', '#abc'],
      [0, 'ACL', 'SETUSER', 'x', '!abc'],
      [0, 'ACL', 'SETUSER', 'x', '%X~a'],
      [0, 'ACL', 'SETUSER', 'x', '(~a +nosuch)'],
      [0, 'ACL', 'USERS'],
      [0, 'ACL', 'DELUSER', 'default', 'x'],
      [0, 'ACL', 'DELUSER', 'x', 'y'],
    ],
  },
  'permission checks: commands, keys, channels, MULTI, scripts, and the log': {
    conns: 2,
    steps: [
      [0, 'ACL', 'SETUSER', 'u1', 'on', '>pw', '~k*', '&ch', '+get', '+set', '+publish', '+subscribe', '+psubscribe', '+multi', '+exec', '+eval', '+acl|whoami', '+ping'],
      [1, 'AUTH', 'u1', 'pw'],
      [1, 'GET', 'k1'], [1, 'GET', 'x'], [1, 'DEL', 'k1'], [1, 'PUBLISH', 'ch', 'm'], [1, 'PUBLISH', 'other', 'm'],
      [1, 'ACL', 'WHOAMI'], [1, 'ACL', 'LIST'], [1, 'CONFIG', 'GET', 'x'],
      [1, 'MULTI'], [1, 'GET', 'x'], [1, 'DEL', 'k'], [1, 'GET', 'k'], [1, 'EXEC'],
      [1, 'EVAL', "return redis.call('get','x')", '0'],
      [1, 'EVAL', "return redis.call('del','k')", '0'],
      [1, 'EVAL', "return redis.pcall('get','x')", '0'],
      [1, 'EVAL', "return redis.call('publish','zz','x')", '0'],
      [1, 'EVAL', "return redis.pcall('set','k1','v')", '0'],
      [0, 'ACL', 'LOG'],
      [0, 'ACL', 'LOG', '1'],
      [1, 'PSUBSCRIBE', 'ch*'],
      [1, 'SUBSCRIBE', 'ch', 'other'],
      [0, 'ACL', 'LOG', '1'],
      [1, 'PSUBSCRIBE', 'ch'],
      [0, 'CLIENT', 'LIST'],
      [0, 'ACL', 'LOG', 'RESET'],
      [0, 'ACL', 'LOG'],
    ],
  },
  'key permissions by access: %R~ reads, %W~ writes': {
    conns: 1,
    steps: [
      [0, 'ACL', 'SETUSER', 'kp', 'on', 'nopass', '+@all', '%R~r*', '%W~w*', '~rw*'],
      ...([
        ['get', 'r1'], ['get', 'w1'], ['set', 'r1', 'v'], ['set', 'w1', 'v'], ['set', 'w1', 'v', 'GET'], ['set', 'rw1', 'v', 'GET'],
        ['copy', 'r1', 'w1'], ['copy', 'w1', 'r1'], ['lmove', 'r1', 'w1', 'LEFT', 'RIGHT'], ['lmove', 'rw1', 'w1', 'LEFT', 'RIGHT'],
        ['del', 'w1'], ['del', 'r1'], ['exists', 'r1', 'w1'], ['exists', 'x'], ['append', 'w1', 'x'], ['sort', 'r1'],
        ['sort', 'r1', 'STORE', 'w1'], ['mset', 'w1', 'a', 'rw1', 'b'], ['mset', 'w1', 'a', 'r1', 'b'], ['eval', 'return 1', '1', 'x'],
        ['object', 'encoding', 'r1'], ['touch', 'r1'], ['rename', 'rw1', 'rw2'], ['rename', 'rw1', 'w2'],
      ] as string[][]).map((call): Step => [0, 'ACL', 'DRYRUN', 'kp', ...call]),
      [0, 'ACL', 'DRYRUN', 'nobody', 'get', 'k'], [0, 'ACL', 'DRYRUN', 'kp', 'nocmd', 'k'], [0, 'ACL', 'DRYRUN', 'kp', 'client', 'kill'],
      [0, 'ACL', 'DRYRUN', 'kp', 'client', 'nosub'], [0, 'ACL', 'DRYRUN', 'kp', 'get'],
      [0, 'ACL', 'SETUSER', 'ch', 'on', 'nopass', '+@all', '~*', 'resetchannels', '&news.*', '&plain'],
      ...([
        ['publish', 'news.x', 'm'], ['publish', 'plain', 'm'], ['publish', 'news', 'm'], ['subscribe', 'news.a', 'plain'],
        ['subscribe', 'news.a', 'nope'], ['psubscribe', 'news.*'], ['psubscribe', 'news.a*'], ['spublish', 'plain', 'm'],
        ['ssubscribe', 'news.a'], ['unsubscribe', 'zzz'], ['pubsub', 'channels'],
      ] as string[][]).map((call): Step => [0, 'ACL', 'DRYRUN', 'ch', ...call]),
      [0, 'ACL', 'SETUSER', 'fa', 'on', 'nopass', '-@all', '+select|0', '+config|get', '~*'],
      [0, 'ACL', 'DRYRUN', 'fa', 'select', '0'], [0, 'ACL', 'DRYRUN', 'fa', 'select', '1'], [0, 'ACL', 'DRYRUN', 'fa', 'config', 'get', 'x'],
      [0, 'ACL', 'DRYRUN', 'fa', 'config', 'set', 'x', 'y'], [0, 'ACL', 'DRYRUN', 'fa', 'auth', 'x'],
      [0, 'ACL', 'SETUSER', 'sl', 'on', 'nopass', '(~a* +get)', '(~b* +set)', '+ping'],
      [0, 'ACL', 'DRYRUN', 'sl', 'get', 'a1'], [0, 'ACL', 'DRYRUN', 'sl', 'get', 'b1'], [0, 'ACL', 'DRYRUN', 'sl', 'set', 'b1', 'v'],
      [0, 'ACL', 'DRYRUN', 'sl', 'set', 'a1', 'v'], [0, 'ACL', 'DRYRUN', 'sl', 'ping'], [0, 'ACL', 'DRYRUN', 'sl', 'del', 'a1'],
    ],
  },
  'AUTH and HELLO with users; WRONGPASS; requirepass is the default password': {
    conns: 3,
    steps: [
      [0, 'ACL', 'SETUSER', 'u2', 'on', '>pw', '+@all', '~*'],
      [0, 'ACL', 'SETUSER', 'off1', 'off', '>pw', '+@all', '~*'],
      [1, 'AUTH', 'nobody', 'x'], [1, 'AUTH', 'x'], [1, 'auth', 'u2'], [1, 'AUTH', 'off1', 'pw'], [1, 'AUTH', 'u2', 'bad'],
      [1, 'HELLO', '3', 'SETNAME', 'nm', 'AUTH', 'u2', 'bad'], [1, 'CLIENT', 'GETNAME'], [1, 'HELLO', '3', 'AUTH', 'u2', 'bad', 'SETNAME', 'nm2'], [1, 'CLIENT', 'GETNAME'],
      [1, 'HELLO', '3', 'AUTH', 'off1', 'pw'], [1, 'HELLO', '2', 'AUTH', 'u2'], [1, 'HELLO', '2', 'AUTH', 'u2', 'pw', 'BAD'], [1, 'ACL', 'WHOAMI'], [1, 'RESET'],
      [1, 'HELLO', '3', 'AUTH', 'nobody', 'x'], [1, 'HELLO', '2', 'AUTH', 'u2', 'pw'], [1, 'ACL', 'WHOAMI'], [1, 'AUTH', 'a', 'b', 'c'],
      [0, 'ACL', 'LOG'],
      [0, 'CONFIG', 'SET', 'requirepass', 'sekrit'],
      [0, 'ACL', 'LIST'],
      [0, 'PING'],
      [2, 'PING'], [2, 'ACL', 'WHOAMI'], [2, 'AUTH', 'wrong'], [2, 'AUTH', 'sekrit'], [2, 'ACL', 'WHOAMI'], [2, 'RESET'], [2, 'PING'],
      [2, 'AUTH', 'default', 'sekrit'], [2, 'ACL', 'SETUSER', 'default', '>second'], [2, 'CONFIG', 'GET', 'requirepass'], [2, 'ACL', 'LIST'],
      [2, 'CONFIG', 'SET', 'requirepass', ''], [2, 'ACL', 'LIST'], [2, 'AUTH', 'x'],
      [1, 'ACL', 'SETUSER', 'default', 'off'], [2, 'RESET'], [2, 'PING'], [2, 'AUTH', 'x', 'y'], [2, 'HELLO'], [1, 'ACL', 'SETUSER', 'default', 'on'], [2, 'PING'],
    ],
  },
  'ACL CAT, GENPASS, LOG and HELP arguments': {
    conns: 1,
    steps: [
      [0, 'ACL', 'CAT'], [0, 'ACL', 'CAT', 'nope'], [0, 'ACL', 'CAT', 'a', 'b'],
      [0, 'ACL', 'GENPASS', '0'], [0, 'ACL', 'GENPASS', '4097'], [0, 'ACL', 'GENPASS', 'abc'], [0, 'ACL', 'GENPASS', '1', '2'],
      [0, 'ACL', 'LOG', 'abc'], [0, 'ACL', 'LOG', '-1'], [0, 'ACL', 'LOG', '1', '2'],
      [0, 'ACL', 'HELP'], [0, 'ACL', 'NOSUCH'], [0, 'ACL', 'LIST', 'x'], [0, 'ACL', 'WHOAMI'],
      [0, 'ACL', 'LOAD'], [0, 'ACL', 'SAVE'],
    ],
  },
  'ACL LOG: folding, acllog-max-len, counts': {
    conns: 2,
    steps: [
      [0, 'CONFIG', 'SET', 'acllog-max-len', '3'],
      [0, 'ACL', 'SETUSER', 'lg', 'on', 'nopass', '+get', '~a*'],
      [1, 'AUTH', 'lg', 'x'], [1, 'GET', 'b'], [1, 'GET', 'b'], [1, 'GET', 'c'], [1, 'SET', 'a', 'b'], [1, 'DEL', 'a'], [1, 'GET', 'b'],
      [1, 'AUTH', 'nobody', 'x'], [1, 'AUTH', 'lg', 'x'],
      [0, 'ACL', 'LOG'], [0, 'ACL', 'LOG', '0'], [0, 'ACL', 'LOG', '2'],
      [0, 'CONFIG', 'SET', 'acllog-max-len', '128'],
    ],
  },
  'acl-pubsub-default decides the channels of new users': {
    conns: 1,
    steps: [
      [0, 'CONFIG', 'SET', 'acl-pubsub-default', 'allchannels'],
      [0, 'ACL', 'SETUSER', 'p1'], [0, 'ACL', 'SETUSER', 'p2', 'resetchannels', '&x', 'reset'], [0, 'ACL', 'SETUSER', 'p3', '(+get)'],
      [0, 'ACL', 'LIST'],
      [0, 'CONFIG', 'SET', 'acl-pubsub-default', 'resetchannels'],
      [0, 'ACL', 'SETUSER', 'p4'], [0, 'ACL', 'SETUSER', 'p1', 'reset'],
      [0, 'ACL', 'LIST'],
      [0, 'CONFIG', 'GET', 'acl-pubsub-default'],
    ],
  },
  'deleted users are disconnected, disabled ones are not; pub/sub clients lose revoked channels': {
    conns: 5,
    steps: [
      [0, 'ACL', 'SETUSER', 'gone', 'on', 'nopass', '+@all', '~*'],
      [1, 'AUTH', 'gone', 'x'], [2, 'AUTH', 'gone', 'x'],
      [0, 'ACL', 'SETUSER', 'gone', 'off'], [1, 'PING'],
      [0, 'ACL', 'DELUSER', 'gone'], [1, 'PING'], [2, 'PING'],
      [0, 'ACL', 'SETUSER', 'self', 'on', 'nopass', '+@all', '~*'], [4, 'AUTH', 'self', 'x'], [4, 'ACL', 'DELUSER', 'self'], [4, 'PING'],
      [0, 'ACL', 'SETUSER', 'ps', 'on', 'nopass', '+@all', '~*', '&a', '&b'],
      [3, 'AUTH', 'ps', 'x'], [3, 'SUBSCRIBE', 'a'],
      [0, 'ACL', 'SETUSER', 'ps', 'resetchannels', '&a'], [3, 'PING'],
      [0, 'ACL', 'SETUSER', 'ps', 'resetchannels', '&b'], [3, 'PING'],
      [0, 'CLIENT', 'LIST'],
    ],
  },
  'RESP3 shapes: GETUSER maps and sets, LOG maps with doubles': {
    conns: 2,
    steps: [
      [0, 'HELLO', '3'],
      [0, 'ACL', 'SETUSER', 'r3', 'on', '>pw', '~k*', '+get', '(%W~w* +set)'],
      [0, 'ACL', 'GETUSER', 'r3'], [0, 'ACL', 'GETUSER', 'nobody'],
      [1, 'HELLO', '3', 'AUTH', 'r3', 'pw'], [1, 'GET', 'x'], [1, 'SET', 'w1', 'v'], [1, 'SET', 'k1', 'v'], [1, 'ACL', 'WHOAMI'],
      [0, 'ACL', 'LOG'], [0, 'ACL', 'CAT'], [0, 'ACL', 'USERS'],
    ],
  },
  'EXEC re-checks queued commands against the rules of the moment': {
    conns: 2,
    steps: [
      [0, 'ACL', 'SETUSER', 'ex', 'on', 'nopass', '+@all', '~*', '&*'],
      [0, 'CONFIG', 'RESETSTAT'],
      [1, 'AUTH', 'ex', 'x'], [1, 'MULTI'], [1, 'GET', 'a'], [1, 'SET', 'a', 'b'], [1, 'SET', 'k', 'v'], [1, 'PUBLISH', 'c', 'm'],
      [0, 'ACL', 'SETUSER', 'ex', '-set'],
      [1, 'EXEC'],
      [1, 'MULTI'], [1, 'SET', 'k', 'v'], [1, 'GET', 'k'], [1, 'PUBLISH', 'c', 'm'],
      [0, 'ACL', 'SETUSER', 'ex', '+set', 'resetkeys', '~a*', 'resetchannels'],
      [1, 'EXEC'],
      [0, 'ACL', 'SETUSER', 'nx', 'on', 'nopass', '+multi', '+get', '+discard', '+watch', '~*'],
      [1, 'AUTH', 'nx', 'x'], [1, 'MULTI'], [1, 'GET', 'a'], [1, 'EXEC'], [1, 'GET', 'a'], [1, 'DISCARD'], [1, 'WATCH', 'a'], [1, 'MULTI'], [1, 'WATCH', 'b'], [1, 'DISCARD'],
      [0, 'ACL', 'LOG'],
      [0, 'INFO', 'errorstats'],
    ],
  },
  'SORT BY and GET patterns need read access to every key': {
    conns: 2,
    steps: [
      [0, 'RPUSH', 'k', '2', '1'], [0, 'SET', 'w1', '5'], [0, 'SET', 'w2', '4'],
      [0, 'ACL', 'SETUSER', 's1', 'on', 'nopass', '+@all', '~k*'],
      [0, 'ACL', 'SETUSER', 's2', 'on', 'nopass', '+@all', '%R~*'],
      [0, 'ACL', 'SETUSER', 's3', 'on', 'nopass', '+@all', '%W~*', '~k*'],
      [0, 'ACL', 'SETUSER', 's4', 'on', 'nopass', '-@all', '+get', '~*', '(+sort ~k*)'],
      [1, 'AUTH', 's1', 'x'], [1, 'SORT', 'k', 'BY', 'w*'], [1, 'SORT', 'k', 'GET', '#'], [1, 'SORT', 'k', 'BY', 'nosort'], [1, 'SORT_RO', 'k', 'GET', 'w*'],
      [1, 'SORT', 'k', 'FOO', 'BY', 'w*'], [1, 'SORT', 'k', 'LIMIT', '0', '1', 'GET', 'w*'],
      [1, 'AUTH', 's2', 'x'], [1, 'SORT', 'k', 'BY', 'w*', 'GET', '#'], [1, 'SORT', 'k', 'GET', 'w*', 'STORE', 'k2'],
      [1, 'AUTH', 's3', 'x'], [1, 'SORT', 'k', 'BY', 'w*'],
      [1, 'AUTH', 's4', 'x'], [1, 'SORT', 'k', 'BY', 'w*'], [1, 'SORT', 'k'],
    ],
  },
  'CLIENT KILL USER and the user= field': {
    conns: 3,
    steps: [
      [0, 'ACL', 'SETUSER', 'k1', 'on', 'nopass', '+@all', '~*'],
      [1, 'AUTH', 'k1', 'x'], [2, 'CLIENT', 'INFO'], [1, 'CLIENT', 'INFO'],
      [0, 'CLIENT', 'KILL', 'USER', 'nobody'], [0, 'CLIENT', 'KILL', 'USER', 'k1'], [1, 'PING'], [2, 'PING'],
      [0, 'CLIENT', 'KILL', 'USER', 'default', 'SKIPME', 'yes'], [2, 'PING'],
    ],
  },
};

describe.runIf(haveRedis)('ACL: tsredis and redis-server 7.0 reply the same bytes', () => {
  const real = useRealRedis({ raw: false });
  const ours = useTsredis({ raw: false });

  for (const [name, { conns, steps }] of Object.entries(SCENARIOS)) {
    it(name, async () => {
      await cleanSlate(real.port);
      await cleanSlate(ours.port);
      const theirs = await transcript(real.port, conns, steps);
      const mine = await transcript(ours.port, conns, steps);
      expect(mine).toEqual(theirs);
    }, 20000);
  }

  it('ACL CAT <category>: the same commands in every category (those we implement)', async () => {
    const ourCmds = await ReplyReader.connect(ours.port);
    const theirCmds = await ReplyReader.connect(real.port);
    const names = (text: string): string[] => text.split('\r\n').filter((_, i) => i % 2 === 0 && i > 0).filter((l) => l !== '').sort();
    const implemented = new Set(names(await ourCmds.command('ACL', 'CAT', 'slow')).concat(names(await ourCmds.command('ACL', 'CAT', 'fast'))));
    for (const cat of names(await theirCmds.command('ACL', 'CAT'))) {
      const mine = names(await ourCmds.command('ACL', 'CAT', cat));
      const theirs = names(await theirCmds.command('ACL', 'CAT', cat)).filter((c) => implemented.has(c));
      expect(mine, cat).toEqual(theirs);
    }
    ourCmds.close();
    theirCmds.close();
  }, 20000);

  it('every command of our table: the same DRYRUN verdicts for read-only, write-only and read-write key patterns', async () => {
    const { buildCommandTable } = await import('../../src/commands/table.js');
    const calls: string[][] = [];
    for (const command of new Set(buildCommandTable().values())) {
      for (const leaf of command.subcommands === undefined ? [command] : [...command.subcommands.values()]) {
        const name = leaf.fullName.split('|');
        const arity = leaf.spec.arity;
        // Every argument count the arity allows (up to three more than the minimum), every argument
        // a key-like name: all readable, all writable, all read-write, or mixed.
        const counts = arity > 0 ? [arity] : [-arity, -arity + 1, -arity + 2, -arity + 3];
        for (const count of counts) {
          for (const fill of [(i: number) => `r${i}`, (i: number) => `w${i}`, (i: number) => `rw${i}`, (i: number) => ['r', 'w', 'rw'][i % 3] + String(i)]) {
            calls.push([...name, ...Array.from({ length: Math.max(0, count - name.length) }, (_, i) => fill(i))]);
          }
        }
      }
    }
    const run = async (port: number): Promise<string[]> => {
      const c = await ReplyReader.connect(port);
      await c.command('ACL', 'SETUSER', 'kp', 'on', 'nopass', '+@all', '%R~r*', '%W~w*', '~rw*', 'resetchannels', '&r*');
      const out: string[] = [];
      for (const call of calls) out.push(`${call.join(' ')} -> ${await c.command('ACL', 'DRYRUN', 'kp', ...call)}`);
      c.close();
      return out;
    };
    await cleanSlate(real.port);
    await cleanSlate(ours.port);
    const theirs = await run(real.port);
    expect(await run(ours.port)).toEqual(theirs);
  }, 30000);

  it('the printed rules of random rule sets match (the greedy category description)', async () => {
    const cats = ['read', 'write', 'keyspace', 'string', 'list', 'hash', 'set', 'sortedset', 'fast', 'slow', 'admin', 'dangerous', 'pubsub', 'scripting', 'connection', 'transaction', 'bitmap', 'hyperloglog', 'geo', 'blocking'];
    const cmds = ['get', 'set', 'del', 'lpush', 'hset', 'zadd', 'sadd', 'ping', 'eval', 'config|get', 'config', 'client|list', 'multi', 'keys', 'flushall', 'info', 'publish'];
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const steps: Step[] = [];
    for (let u = 0; u < 80; u++) {
      const rules: string[] = [rand(3) === 0 ? 'allcommands' : 'nocommands'];
      const count = 1 + rand(6);
      for (let i = 0; i < count; i++) {
        const sign = rand(2) === 0 ? '+' : '-';
        rules.push(rand(2) === 0 ? `${sign}@${cats[rand(cats.length)] as string}` : `${sign}${cmds[rand(cmds.length)] as string}`);
      }
      const extras = ['~a*', '%R~b*', '%W~c*', '%RW~d', 'allkeys', 'resetkeys', '&x*', 'allchannels', 'resetchannels', '(+get ~s*)', '(-@all +@set %R~t*)', 'clearselectors', 'on', 'off', 'nopass', '>pw'];
      for (let i = rand(4); i > 0; i--) rules.push(extras[rand(extras.length)] as string);
      steps.push([0, 'ACL', 'SETUSER', `r${u}`, ...rules], [0, 'ACL', 'GETUSER', `r${u}`]);
      // A few calls judged by every rule set: commands, keys of each access, channels.
      for (const call of [['get', 'a1'], ['set', 'c1', 'v'], ['sadd', 't1', 'm'], ['smembers', 't1'], ['publish', 'x1', 'm'], ['config', 'get', 'x'], ['hset', 'd', 'f', 'v']]) {
        steps.push([0, 'ACL', 'DRYRUN', `r${u}`, ...call]);
      }
    }
    steps.push([0, 'ACL', 'LIST']);
    await cleanSlate(real.port);
    await cleanSlate(ours.port);
    const theirs = await transcript(real.port, 1, steps);
    const mine = await transcript(ours.port, 1, steps);
    expect(mine).toEqual(theirs);
  }, 20000);

  it('ACL SAVE writes what ACL LOAD reads back, and LOAD reports the same errors', async () => {
    const dirs = [real.pool.tempDir('acl-real-'), ours.pool.tempDir('acl-ours-')];
    const run = async (port: number, dir: string): Promise<string[]> => {
      const file = join(dir, 'users.acl');
      writeFileSync(file, 'user default on nopass ~* &* +@all\nuser saved on >pw ~k* resetchannels -@all +get\n');
      const c = await ReplyReader.connect(port);
      const out: string[] = [];
      out.push(await c.command('CONFIG', 'SET', 'aclfile', file));
      out.push(await c.command('ACL', 'LOAD'), await c.command('ACL', 'LIST'));
      out.push(await c.command('ACL', 'SETUSER', 'extra', 'on', '>p', '~*', '+@read'), await c.command('ACL', 'SETUSER', 'ü', '~é*'));
      out.push(await c.command('ACL', 'SAVE'));
      out.push(readFileSync(file, 'latin1'));
      writeFileSync(file, 'user a on\nnotuser b\nuser a off\nuser c +nosuch ~x\nuser d (~x\n');
      out.push(await c.command('ACL', 'LOAD'), await c.command('ACL', 'USERS'));
      c.close();
      return out.map((t) => t.replaceAll(dir, '<dir>'));
    };
    // aclfile is immutable in Redis: the real server gets it on its command line.
    await real.real.stop();
    writeFileSync(join(dirs[0] as string, 'users.acl'), '');
    const realWithFile = await real.pool.realRedis(['--aclfile', join(dirs[0] as string, 'users.acl')]);
    const theirs = await run(realWithFile.port, dirs[0] as string);
    await ours.running.close();
    writeFileSync(join(dirs[1] as string, 'users.acl'), '');
    const oursWithFile = await ours.pool.tsredis({ aclfile: join(dirs[1] as string, 'users.acl') });
    const mine = await run(oursWithFile.port, dirs[1] as string);
    expect(mine.slice(1)).toEqual(theirs.slice(1));
  }, 20000);
});
