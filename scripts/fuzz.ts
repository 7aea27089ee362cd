// Long-running differential fuzzing against a real redis-server: the generators of test/differential/, for as
// long as you like. Each round is one fast-check run with its own seed (base seed + round), so any failure
// printed here replays exactly with the same --seed/--family and the round's seed shown.
//
//   npm run fuzz                                         all families in turn, 60 seconds
//   npm run fuzz -- --seconds 600 --seed 42 --family strings
//   npm run fuzz -- --family protocol                    malformed request streams
//   npm run fuzz -- --keep-going --length 60             report every failing round, longer sequences
//   npm run fuzz -- --family zsets --show 3              also print the first 3 transcripts (to see what is generated)
//   npm run fuzz -- --family time --seconds 300          expiry as time passes: both servers on one frozen clock
//
// Families: strings keys ttl lists hashes sets zsets server scripts transactions all time protocol (comma-separated
// works too). `time` runs on its own pair of servers (redis-server under the clock shim, which needs gcc).

import * as fc from 'fast-check';
import { parseArgs } from 'node:util';
import { allGeneratedNames, availableGens, FAMILY_NAMES, sequenceArb, type FamilyName } from '../test/differential/families/index.js';
import { timeSequenceArb } from '../test/differential/families/time.js';
import { DifferentialRunner } from '../test/differential/harness/runner.js';
import { startSharedClockRunner } from '../test/differential/harness/shared-clock.js';
import { ProtocolFuzzer, protocolCaseArb } from '../test/differential/harness/protocol.js';
import { hasProgram } from '../test/helpers/server.js';

const USAGE = 'usage: npm run fuzz -- [--seconds N] [--seed N] [--family NAME[,NAME…]] [--length N] [--runs-per-round N] [--keep-going] [--show N]';
/** Sequences (or streams) per round: small, so the seed of a failure pins it down quickly. */
const DEFAULT_RUNS_PER_ROUND = 25;
const PROGRESS_EVERY_MS = 5000;

type Target = FamilyName | 'protocol';

function parseOptions(): { seconds: number; seed: number; targets: Target[]; length: number; runsPerRound: number; keepGoing: boolean; show: number } {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '60' },
      seed: { type: 'string' },
      family: { type: 'string', default: [...FAMILY_NAMES, 'protocol'].join(',') },
      length: { type: 'string', default: '40' },
      'runs-per-round': { type: 'string', default: String(DEFAULT_RUNS_PER_ROUND) },
      'keep-going': { type: 'boolean', default: false },
      show: { type: 'string', default: '0' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help === true) {
    console.log(USAGE);
    process.exit(0);
  }
  const known: readonly string[] = [...FAMILY_NAMES, 'protocol'];
  const targets = (values.family ?? '').split(',').filter((f) => f !== '');
  for (const t of targets) if (!known.includes(t)) throw new Error(`unknown family ${t}; one of ${known.join(' ')}`);
  const number = (text: string | undefined, what: string): number => {
    const n = Number(text);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${what} wants a number\n${USAGE}`);
    return n;
  };
  return {
    seconds: number(values.seconds, 'seconds'),
    seed: values.seed === undefined ? Date.now() % 2_147_483_647 : number(values.seed, 'seed'),
    targets: targets as Target[],
    length: number(values.length, 'length'),
    runsPerRound: number(values['runs-per-round'], 'runs-per-round'),
    keepGoing: values['keep-going'] === true,
    show: number(values.show, 'show'),
  };
}

/** One seeded fast-check run; on failure, the shrunk counterexample and what each server replied. */
async function runRound<T>(property: fc.IAsyncPropertyWithHooks<T>, seed: number, numRuns: number): Promise<{ numRuns: number; failure: string | undefined }> {
  const details = await fc.check(property, { seed, numRuns });
  if (!details.failed) return { numRuns: details.numRuns, failure: undefined };
  const report = fc.defaultReportMessage(details) ?? '(no report)';
  const cause = details.errorInstance instanceof Error ? `\n${details.errorInstance.message}` : '';
  return { numRuns: details.numRuns, failure: report + cause };
}

async function main(): Promise<void> {
  if (!hasProgram('redis-server')) throw new Error('redis-server is not installed: apt-get install -y redis-server');
  const options = parseOptions();
  const runner = await DifferentialRunner.start();
  const protocol = options.targets.includes('protocol') ? await ProtocolFuzzer.start() : undefined;
  if (options.targets.includes('time') && !hasProgram('gcc')) throw new Error('the time family compiles a clock shim for redis-server: apt-get install -y gcc');
  const timeRunner = options.targets.includes('time') ? await startSharedClockRunner() : undefined;
  // Stop the redis-servers we started however the run ends: Ctrl-C, a timeout's SIGTERM, or a closed pipe
  // (`npm run fuzz | head`), which would otherwise leave them running.
  const stopAndExit = (status: number): void => {
    void Promise.allSettled([runner.close(), protocol?.close(), timeRunner?.close()]).then(() => process.exit(status));
  };
  process.once('SIGINT', () => stopAndExit(130));
  process.once('SIGTERM', () => stopAndExit(143));
  process.stdout.once('error', () => stopAndExit(1));
  const implemented = await runner.implemented(allGeneratedNames());
  let shown = 0;
  const show = (transcript: string[]): void => {
    if (shown < options.show && transcript.length > 10) {
      shown++;
      console.log(`${transcript.join('\n')}\n`);
    }
  };
  const missing = allGeneratedNames().filter((n) => !implemented.has(n));
  console.log(`fuzzing ${options.targets.join(', ')} for ${options.seconds}s, base seed ${options.seed}; redis-server on port ${runner.ports.redis}, tsredis on ${runner.ports.tsredis}`);
  if (missing.length > 0) console.log(`not in tsredis yet, not generated: ${missing.join(' ')}`);

  const started = Date.now();
  let lastProgress = started;
  let sequences = 0;
  let failures = 0;
  for (let round = 0; Date.now() - started < options.seconds * 1000; round++) {
    const target = options.targets[round % options.targets.length] as Target;
    const seed = options.seed + round;
    const outcome =
      target === 'protocol'
        ? await runRound(fc.asyncProperty(protocolCaseArb, (test) => (protocol as ProtocolFuzzer).run(test)), seed, options.runsPerRound)
        : target === 'time'
          ? await runRound(
              fc.asyncProperty(timeSequenceArb(availableGens(target, implemented), options.length), async (seq) => show(await (timeRunner as DifferentialRunner).run(seq))),
              seed,
              options.runsPerRound,
            )
          : await runRound(
              fc.asyncProperty(sequenceArb(availableGens(target, implemented), { maxLength: options.length }), async (seq) => show(await runner.run(seq))),
              seed,
              options.runsPerRound,
            );
    sequences += outcome.numRuns;
    if (outcome.failure !== undefined) {
      failures++;
      console.log(`\n=== FAILURE in ${target}, round seed ${seed} (replay: npm run fuzz -- --family ${target} --seed ${seed} --length ${options.length} --runs-per-round ${options.runsPerRound} --seconds 1) ===`);
      console.log(outcome.failure);
      if (!options.keepGoing) break;
    }
    if (Date.now() - lastProgress >= PROGRESS_EVERY_MS) {
      lastProgress = Date.now();
      const elapsed = (lastProgress - started) / 1000;
      const streams = protocol === undefined ? '' : `, ${protocol.streams} protocol streams`;
      console.log(`${elapsed.toFixed(0)}s: ${sequences} sequences/streams, ${runner.commandsSent + (timeRunner?.commandsSent ?? 0)} commands${streams}, ${failures} failure(s)`);
    }
  }
  console.log(`done: ${sequences} sequences/streams, ${runner.commandsSent + (timeRunner?.commandsSent ?? 0)} commands in ${((Date.now() - started) / 1000).toFixed(0)}s, ${failures} failure(s)`);
  await runner.close();
  await protocol?.close();
  await timeRunner?.close();
  process.exit(failures > 0 ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(2);
});
