// CLUSTER, READONLY, READWRITE, ASKING on a server that is never a cluster node.
// Mirrors: redis src/cluster.c (clusterCommand's "cluster support disabled" answer, readonlyCommand,
// readwriteCommand, askingCommand) and src/commands/cluster-*.json.
//
// tsredis runs standalone only (cluster-enabled yes is refused at start-up; docs/compatibility.md),
// which is exactly a Redis started with cluster-enabled no: every CLUSTER subcommand, HELP included,
// and READONLY, READWRITE, ASKING answer that cluster support is disabled. Cluster-aware clients
// use this answer to fall back to standalone mode, so the full table of subcommands is kept: an
// unknown one still gets the usual "unknown subcommand" error from dispatch.

import { ReplyError } from '../errors.js';
import type { Reply } from '../protocol/reply.js';
import type { CommandFlag, CommandSpec } from './types.js';

function clusterDisabled(): Reply {
  throw new ReplyError('ERR This instance has cluster support disabled');
}

function sub(
  name: string, arity: number, flags: readonly CommandFlag[], acl: readonly string[], summary: string, since: string, complexity: string,
  tips?: readonly string[],
): CommandSpec {
  return { name, group: 'cluster', arity, flags, acl, summary, since, complexity, ...(tips === undefined ? {} : { tips }), handler: clusterDisabled };
}

const CONNECTION = ['fast', 'connection'] as const;

export const clusterCommands: readonly CommandSpec[] = [
  {
    name: 'cluster', group: 'cluster', arity: -2, flags: [], acl: ['slow'],
    summary: 'A container for cluster commands', since: '3.0.0', complexity: 'Depends on subcommand.',
    subcommands: [
    sub('addslots', -3, ['admin','stale','no_async_loading'], ['admin','slow','dangerous'], 'Assign new hash slots to receiving node', '3.0.0', 'O(N) where N is the total number of hash slot arguments'),
    sub('addslotsrange', -4, ['admin','stale','no_async_loading'], ['admin','slow','dangerous'], 'Assign new hash slots to receiving node', '7.0.0', 'O(N) where N is the total number of the slots between the start slot and end slot arguments.'),
    sub('bumpepoch', 2, ['admin','stale','no_async_loading'], ['admin','slow','dangerous'], 'Advance the cluster config epoch', '3.0.0', 'O(1)', ['nondeterministic_output']),
    sub('count-failure-reports', 3, ['admin','stale'], ['admin','slow','dangerous'], 'Return the number of failure reports active for a given node', '3.0.0', 'O(N) where N is the number of failure reports', ['nondeterministic_output']),
    sub('countkeysinslot', 3, ['stale'], ['slow'], 'Return the number of local keys in the specified hash slot', '3.0.0', 'O(1)'),
    sub('delslots', -3, ['admin','stale','no_async_loading'], ['admin','slow','dangerous'], 'Set hash slots as unbound in receiving node', '3.0.0', 'O(N) where N is the total number of hash slot arguments'),
    sub('delslotsrange', -4, ['admin','stale','no_async_loading'], ['admin','slow','dangerous'], 'Set hash slots as unbound in receiving node', '7.0.0', 'O(N) where N is the total number of the slots between the start slot and end slot arguments.'),
    sub('failover', -2, ['admin','stale','no_async_loading'], ['admin','slow','dangerous'], 'Forces a replica to perform a manual failover of its master.', '3.0.0', 'O(1)'),
    sub('flushslots', 2, ['admin','stale','no_async_loading'], ['admin','slow','dangerous'], "Delete a node's own slots information", '3.0.0', 'O(1)'),
    sub('forget', 3, ['admin','stale','no_async_loading'], ['admin','slow','dangerous'], 'Remove a node from the nodes table', '3.0.0', 'O(1)'),
    sub('getkeysinslot', 4, ['stale'], ['slow'], 'Return local key names in the specified hash slot', '3.0.0', 'O(log(N)) where N is the number of requested keys', ['nondeterministic_output']),
    sub('info', 2, ['stale'], ['slow'], 'Provides info about Redis Cluster node state', '3.0.0', 'O(1)', ['nondeterministic_output']),
    sub('keyslot', 3, ['stale'], ['slow'], 'Returns the hash slot of the specified key', '3.0.0', 'O(N) where N is the number of bytes in the key'),
    sub('links', 2, ['stale'], ['slow'], 'Returns a list of all TCP links to and from peer nodes in cluster', '7.0.0', 'O(N) where N is the total number of Cluster nodes', ['nondeterministic_output']),
    sub('meet', -4, ['admin','stale','no_async_loading'], ['admin','slow','dangerous'], 'Force a node cluster to handshake with another node', '3.0.0', 'O(1)'),
    sub('myid', 2, ['stale'], ['slow'], 'Return the node id', '3.0.0', 'O(1)'),
    sub('nodes', 2, ['stale'], ['slow'], 'Get Cluster config for the node', '3.0.0', 'O(N) where N is the total number of Cluster nodes', ['nondeterministic_output']),
    sub('replicas', 3, ['admin','stale'], ['admin','slow','dangerous'], 'List replica nodes of the specified master node', '5.0.0', 'O(1)', ['nondeterministic_output']),
    sub('replicate', 3, ['admin','stale','no_async_loading'], ['admin','slow','dangerous'], 'Reconfigure a node as a replica of the specified master node', '3.0.0', 'O(1)'),
    sub('reset', -2, ['admin','noscript','stale'], ['admin','slow','dangerous'], 'Reset a Redis Cluster node', '3.0.0', 'O(N) where N is the number of known nodes. The command may execute a FLUSHALL as a side effect.'),
    sub('saveconfig', 2, ['admin','stale','no_async_loading'], ['admin','slow','dangerous'], 'Forces the node to save cluster state on disk', '3.0.0', 'O(1)'),
    sub('set-config-epoch', 3, ['admin','stale','no_async_loading'], ['admin','slow','dangerous'], 'Set the configuration epoch in a new node', '3.0.0', 'O(1)'),
    sub('setslot', -4, ['admin','stale','no_async_loading'], ['admin','slow','dangerous'], 'Bind a hash slot to a specific node', '3.0.0', 'O(1)'),
    sub('shards', 2, ['stale'], ['slow'], 'Get array of cluster slots to node mappings', '7.0.0', 'O(N) where N is the total number of cluster nodes', ['nondeterministic_output']),
    sub('slaves', 3, ['admin','stale'], ['admin','slow','dangerous'], 'List replica nodes of the specified master node', '3.0.0', 'O(1)', ['nondeterministic_output']),
    sub('slots', 2, ['stale'], ['slow'], 'Get array of Cluster slot to node mappings', '3.0.0', 'O(N) where N is the total number of Cluster nodes', ['nondeterministic_output']),
      sub('help', 2, ['loading', 'stale'], ['slow'], 'Show helpful text about the different subcommands', '5.0.0', 'O(1)'),
    ],
  },
  {
    name: 'readonly', group: 'cluster', arity: 1, flags: ['loading', 'stale', 'fast'], acl: CONNECTION,
    summary: 'Enables read queries for a connection to a cluster replica node', since: '3.0.0', complexity: 'O(1)', handler: clusterDisabled,
  },
  {
    name: 'readwrite', group: 'cluster', arity: 1, flags: ['loading', 'stale', 'fast'], acl: CONNECTION,
    summary: 'Disables read queries for a connection to a cluster replica node', since: '3.0.0', complexity: 'O(1)', handler: clusterDisabled,
  },
  {
    name: 'asking', group: 'cluster', arity: 1, flags: ['fast'], acl: CONNECTION,
    summary: 'Sent by cluster clients after an -ASK redirect', since: '3.0.0', complexity: 'O(1)', handler: clusterDisabled,
  },
];
