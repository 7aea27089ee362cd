// LATENCY: the latency monitor's events (LATEST, HISTORY, RESET, GRAPH, DOCTOR) and the per-command
// latency histograms (HISTOGRAM).
// Mirrors: redis src/latency.c (latencyCommand, createLatencyReport, analyzeLatencyForEvent,
// latencyCommandGenSparkeline, latencySpecificCommandsFillCDF), src/sparkline.c (the ASCII graph)
// and src/commands/latency-*.json. The data lives in src/commands/latency/monitor.ts.
//
// DOCTOR's texts are Redis 7.0.15's (read off its binary and its replies). We record the events
// "command", "fast-command" and "expire-cycle", so only their advice can appear; Redis's fork, AOF,
// eviction and transparent-huge-pages advice has no event here to trigger it.

import { ReplyError } from '../errors.js';
import { map, verbatim, type Reply } from '../protocol/reply.js';
import type { LatencyHistogram } from './latency/monitor.js';
import { lookupByFullName } from './command/getkeys.js';
import type { CommandContext } from './context.js';
import { helpLines } from './help.js';
import type { Command, CommandSpec } from './types.js';

const NOW_SEC = (ctx: CommandContext): number => Math.floor(ctx.server.clock.now() / 1000);

/** Format: LATENCY LATEST */
function latencyLatestCommand(ctx: CommandContext): Reply {
  return ctx.server.latency.latest();
}

/** Format: LATENCY HISTORY event */
function latencyHistoryCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return ctx.server.latency.history((argv[2] as Buffer).toString('latin1'));
}

/** Format: LATENCY RESET [event [event ...]] */
function latencyResetCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return ctx.server.latency.reset(argv.slice(2).map((arg) => arg.toString('latin1')));
}

/** Format: LATENCY GRAPH event */
function latencyGraphCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const event = (argv[2] as Buffer).toString('latin1');
  const series = ctx.server.latency.series(event);
  if (series === undefined) throw new ReplyError(`ERR No samples available for event '${event}'`);
  const now = NOW_SEC(ctx);
  let min = 0;
  let max = 0;
  const samples: Array<{ value: number; label: string }> = [];
  for (const sample of series.samples) {
    if (samples.length === 0) min = max = sample.latency;
    else {
      if (sample.latency > max) max = sample.latency;
      if (sample.latency < min) min = sample.latency;
    }
    samples.push({ value: sample.latency, label: agoLabel(now - sample.time) });
  }
  const header = `${event} - high ${max} ms, low ${min} ms (all time high ${series.max} ms)\n${'-'.repeat(GRAPH_COLUMNS)}\n`;
  return verbatim(header + renderSparkline(samples, GRAPH_COLUMNS, GRAPH_ROWS));
}

/** How long ago, as the graph's labels say it: 12s, 3m, 5h, 2d. */
function agoLabel(elapsed: number): string {
  if (elapsed < 60) return `${elapsed}s`;
  if (elapsed < 3600) return `${Math.trunc(elapsed / 60)}m`;
  if (elapsed < 3600 * 24) return `${Math.trunc(elapsed / 3600)}h`;
  return `${Math.trunc(elapsed / (3600 * 24))}d`;
}

const GRAPH_COLUMNS = 80;
const GRAPH_ROWS = 4;
/** sparkline.c's fill charset: three levels per row, '|' below the top of a column. */
const FILL_CHARS = '_o#';

/** sparklineRender with SPARKLINE_FILL: the samples, `columns` per block, `rows` rows high, labels below. */
function renderSparkline(samples: ReadonlyArray<{ value: number; label: string }>, columns: number, rows: number): string {
  let out = '';
  let seqMin = 0;
  let seqMax = 0;
  samples.forEach(({ value }, i) => {
    if (i === 0) seqMin = seqMax = value;
    else if (value < seqMin) seqMin = value;
    else if (value > seqMax) seqMax = value;
  });
  for (let start = 0; start < samples.length; start += columns) {
    if (start !== 0) out += '\n';
    const part = samples.slice(start, start + columns);
    const steps = FILL_CHARS.length * rows;
    const relmax = seqMax - seqMin === 0 ? 1 : seqMax - seqMin;
    const hasLabels = part.length > 0;
    for (let row = 0; ; row++) {
      let more = false;
      const chars: string[] = new Array<string>(part.length).fill(' ');
      for (let j = 0; j < part.length; j++) {
        const sample = part[j] as { value: number; label: string };
        let step = Math.trunc(Math.trunc((sample.value - seqMin) * steps) / relmax);
        if (step < 0) step = 0;
        if (step >= steps) step = steps - 1;
        if (row < rows) {
          more = true;
          const index = step - (rows - row - 1) * FILL_CHARS.length;
          if (index >= 0 && index < FILL_CHARS.length) chars[j] = FILL_CHARS[index] as string;
          else if (index >= FILL_CHARS.length) chars[j] = '|';
        } else {
          // One blank line between the graph and the labels, then the labels downwards.
          if (hasLabels && row - rows < 1) {
            more = true;
            break;
          }
          const at = row - rows - 1;
          if (sample.label.length > at) {
            more = true;
            chars[j] = sample.label[at] as string;
          }
        }
      }
      if (!more) break;
      out += `${chars.join('')}\n`;
    }
  }
  return out;
}

/** Format: LATENCY DOCTOR */
function latencyDoctorCommand(ctx: CommandContext): Reply {
  return verbatim(latencyReport(ctx));
}

/** createLatencyReport: per-event statistics, then the advice those events call for. */
function latencyReport(ctx: CommandContext): string {
  const monitor = ctx.server.latency;
  const config = ctx.server.config;
  const threshold = Number(config.get('latency-monitor-threshold'));
  if (monitor.isEmpty && threshold === 0) {
    return 'I\'m sorry, Dave, I can\'t do that. Latency monitoring is disabled in this Redis instance. You may use "CONFIG SET latency-monitor-threshold <milliseconds>." in order to enable it. If we weren\'t in a deep space mission I\'d suggest to take a look at https://redis.io/topics/latency-monitor.\n';
  }
  const now = NOW_SEC(ctx);
  const advise = { slowlogEnabled: false, slowlogTuning: false, slowlogInspect: false, scheduler: false, hz: false, largeObjects: false };
  let advices = 0;
  let report = '';
  let n = 0;
  for (const event of monitor.eventNames()) {
    const series = monitor.series(event);
    if (series === undefined || series.samples.length === 0) continue;
    n++;
    if (n === 1) report += "Dave, I have observed latency spikes in this Redis instance. You don't mind talking about it, do you Dave?\n\n";
    // analyzeLatencyForEvent: average and mean absolute deviation in whole ms, period from the oldest sample.
    const count = series.samples.length;
    const sum = series.samples.reduce((total, s) => total + s.latency, 0);
    const avg = Math.floor(sum / count);
    const mad = Math.floor(series.samples.reduce((total, s) => total + Math.abs(avg - s.latency), 0) / count);
    const oldest = Math.min(...series.samples.map((s) => s.time));
    const period = Math.max(1, now - oldest);
    report += `${n}. ${event}: ${count} latency spikes (average ${avg}ms, mean deviation ${mad}ms, period ${(period / count).toFixed(2)} sec). Worst all time event ${series.max}ms.`;
    if (event === 'command') {
      const slowlog = Number(config.get('slowlog-log-slower-than'));
      if (slowlog < 0) {
        advise.slowlogEnabled = true;
        advices++;
      } else if (Math.trunc(slowlog / 1000) > threshold) {
        advise.slowlogTuning = true;
        advices++;
      }
      advise.slowlogInspect = true;
      advise.largeObjects = true;
      advices += 2;
    } else if (event === 'fast-command') {
      advise.scheduler = true;
      advices++;
    } else if (event === 'expire-cycle') {
      advise.hz = true;
      advise.largeObjects = true;
      advices += 2;
    }
    report += '\n';
  }
  if (n === 0) {
    return 'Dave, no latency spike was observed during the lifetime of this Redis instance, not in the slightest bit. I honestly think you ought to sit down calmly, take a stress pill, and think things over.\n';
  }
  if (advices === 0) {
    return `${report}\nWhile there are latency events logged, I'm not able to suggest any easy fix. Please use the Redis community to get some help, providing this report in your help request.\n`;
  }
  report += '\nI have a few advices for you:\n\n';
  if (advise.slowlogEnabled) {
    report += `- There are latency issues with potentially slow commands you are using. Try to enable the Slow Log Redis feature using the command 'CONFIG SET slowlog-log-slower-than ${threshold * 1000}'. If the Slow log is disabled Redis is not able to log slow commands execution for you.\n`;
  }
  if (advise.slowlogTuning) {
    report += `- Your current Slow Log configuration only logs events that are slower than your configured latency monitor threshold. Please use 'CONFIG SET slowlog-log-slower-than ${threshold * 1000}'.\n`;
  }
  if (advise.slowlogInspect) {
    report += '- Check your Slow Log to understand what are the commands you are running which are too slow to execute. Please check https://redis.io/commands/slowlog for more information.\n';
  }
  if (advise.scheduler) {
    report +=
      '- The system is slow to execute Redis code paths not containing system calls. This usually means the system does not provide Redis CPU time to run for long periods. You should try to:\n' +
      '  1) Lower the system load.\n' +
      '  2) Use a computer / VM just for Redis if you are running other software in the same system.\n' +
      '  3) Check if you have a "noisy neighbour" problem.\n' +
      "  4) Check with 'redis-cli --intrinsic-latency 100' what is the intrinsic latency in your system.\n" +
      '  5) Check if the problem is allocator-related by recompiling Redis with MALLOC=libc, if you are using Jemalloc. However this may create fragmentation problems.\n';
  }
  if (advise.hz && Number(config.get('hz')) < 100) {
    report += "- In order to make the Redis keys expiring process more incremental, try to set the 'hz' configuration parameter to 100 using 'CONFIG SET hz 100'.\n";
  }
  if (advise.largeObjects) {
    report +=
      '- Deleting, expiring or evicting (because of maxmemory policy) large objects is a blocking operation. If you have very large objects that are often deleted, expired, or evicted, try to fragment those objects into multiple smaller objects.\n';
  }
  return report;
}

/** fillCommandCDF: calls and the cumulative buckets. */
function commandCdf(histogram: LatencyHistogram): Reply {
  const buckets: Reply[] = [];
  for (const [micros, count] of histogram.cumulativeBuckets()) buckets.push(micros, count);
  return map(['calls', histogram.calls, 'histogram_usec', map(buckets)]);
}

/**
 * The histograms of the named commands (a container name gives its subcommands'), or of every
 * command that has one. Unknown names are skipped.
 * Format: LATENCY HISTOGRAM [command [command ...]]
 */
function latencyHistogramCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const items: Reply[] = [];
  const add = (command: Command): void => {
    const histogram = command.stats.latency;
    if (histogram !== undefined && histogram.calls > 0) items.push(command.fullName, commandCdf(histogram));
  };
  const addWithSubcommands = (command: Command): void => {
    add(command);
    for (const sub of command.subcommands?.values() ?? []) add(sub);
  };
  if (argv.length === 2) {
    // The table holds each command under two spellings; visit each once.
    for (const command of new Set(ctx.server.commands.values())) addWithSubcommands(command);
  } else {
    for (const arg of argv.slice(2)) {
      const command = lookupByFullName(ctx.server.commands, arg.toString('latin1'));
      if (command !== undefined) addWithSubcommands(command);
    }
  }
  return map(items);
}

const LATENCY_HELP = helpLines([
  'LATENCY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'DOCTOR',
  '    Return a human readable latency analysis report.',
  'GRAPH <event>',
  '    Return an ASCII latency graph for the <event> class.',
  'HISTORY <event>',
  '    Return time-latency samples for the <event> class.',
  'LATEST',
  '    Return the latest latency samples for all events.',
  'RESET [<event> ...]',
  '    Reset latency data of one or more <event> classes.',
  '    (default: reset all data for all event classes)',
  'HISTOGRAM [COMMAND ...]',
  '    Return a cumulative distribution of latencies in the format of a histogram for the specified command names.',
  '    If no commands are specified then all histograms are replied.',
  'HELP',
  '    Prints this help.',
]);

const SUB_FLAGS = ['admin', 'noscript', 'loading', 'stale'] as const;
const SUB_ACL = ['admin', 'slow', 'dangerous'] as const;

export const latencyCommands: readonly CommandSpec[] = [
  {
    name: 'latency', group: 'server', arity: -2, flags: [], acl: ['slow'],
    summary: 'A container for latency diagnostics commands', since: '2.8.13', complexity: 'Depends on subcommand.',
    subcommands: [
      {
        name: 'doctor', group: 'server', arity: 2, flags: SUB_FLAGS, acl: SUB_ACL, summary: 'Return a human readable latency analysis report.',
        since: '2.8.13', complexity: 'O(1)', handler: latencyDoctorCommand,
      },
      {
        name: 'graph', group: 'server', arity: 3, flags: SUB_FLAGS, acl: SUB_ACL, summary: 'Return a latency graph for the event.',
        since: '2.8.13', complexity: 'O(1)', handler: latencyGraphCommand,
      },
      {
        name: 'help', group: 'server', arity: 2, flags: ['loading', 'stale'], acl: ['slow'], summary: 'Show helpful text about the different subcommands.',
        since: '2.8.13', complexity: 'O(1)', handler: () => LATENCY_HELP,
      },
      {
        name: 'histogram', group: 'server', arity: -2, flags: SUB_FLAGS, acl: SUB_ACL,
        summary: 'Return the cumulative distribution of latencies of a subset of commands or all.', since: '7.0.0',
        complexity: 'O(N) where N is the number of commands with latency information being retrieved.', handler: latencyHistogramCommand,
      },
      {
        name: 'history', group: 'server', arity: 3, flags: SUB_FLAGS, acl: SUB_ACL, summary: 'Return timestamp-latency samples for the event.',
        since: '2.8.13', complexity: 'O(1)', handler: latencyHistoryCommand,
      },
      {
        name: 'latest', group: 'server', arity: 2, flags: SUB_FLAGS, acl: SUB_ACL, summary: 'Return the latest latency samples for all events.',
        since: '2.8.13', complexity: 'O(1)', handler: latencyLatestCommand,
      },
      {
        name: 'reset', group: 'server', arity: -2, flags: SUB_FLAGS, acl: SUB_ACL, summary: 'Reset latency data for one or more events.',
        since: '2.8.13', complexity: 'O(1)', handler: latencyResetCommand,
      },
    ],
  },
];
