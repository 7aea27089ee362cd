// The memory benchmark's data sets, generated as RESP request streams for `redis-cli --pipe`.
//
// Every value and member is exactly 16 bytes and never looks like an integer, so Redis keeps strings as
// embstr and never uses the int encoding or intsets; both servers get byte-identical streams.
// Sizes stay under Redis 7.0's compact-encoding thresholds where the issue's shapes fall, which is
// what a real Redis user would get: a 10-field hash and a 100-member sorted set are listpacks
// (hash-max-listpack-entries 128, zset-max-listpack-entries 128, values ≤ 64 bytes), a 100-element
// list is a quicklist of one listpack node.

export interface Dataset {
  /** CLI name (`--types strings,hashes`). */
  readonly name: string;
  readonly description: string;
  /** Commands the server must implement for this data set to be loaded. */
  readonly commands: readonly string[];
  /** How many keys it creates (checked with DBSIZE after the load). */
  readonly keys: number;
  /** A key to ask OBJECT ENCODING about. */
  readonly sampleKey: string;
  /** The RESP stream, in pieces of a few hundred KB. */
  chunks(): Generator<string>;
}

const VALUE_BYTES = 16;
/** Commands per generated piece: big enough to be cheap, small enough to respect backpressure. */
const COMMANDS_PER_CHUNK = 2_000;

/** A 16-byte value that is not a number: `v` + 15 characters derived from i and j. */
function value(i: number, j = 0): string {
  const text = `v${i.toString(36)}.${j.toString(36)}`;
  return text.padEnd(VALUE_BYTES, '_').slice(0, VALUE_BYTES);
}

function bulk(text: string): string {
  return `$${text.length}\r\n${text}\r\n`;
}

function command(args: readonly string[]): string {
  let out = `*${args.length}\r\n`;
  for (const a of args) out += bulk(a);
  return out;
}

function* chunked(count: number, build: (i: number) => string): Generator<string> {
  for (let start = 0; start < count; start += COMMANDS_PER_CHUNK) {
    const end = Math.min(count, start + COMMANDS_PER_CHUNK);
    let piece = '';
    for (let i = start; i < end; i++) piece += build(i);
    yield piece;
  }
}

const pad = (i: number, width: number): string => String(i).padStart(width, '0');

/** The four data sets; `scale` shrinks the key counts for a quick development run. */
export function datasets(scale: number): Dataset[] {
  const n = (full: number): number => Math.max(1, Math.round(full * scale));
  const strings = n(1_000_000);
  const hashes = n(100_000);
  const lists = n(10_000);
  const zsets = n(10_000);
  return [
    {
      name: 'strings',
      description: `${strings.toLocaleString('en-US')} string keys (\`SET string:NNNNNNN <16-byte value>\`)`,
      commands: ['set'],
      keys: strings,
      sampleKey: `string:${pad(0, 7)}`,
      chunks: () => chunked(strings, (i) => command(['SET', `string:${pad(i, 7)}`, value(i)])),
    },
    {
      name: 'hashes',
      description: `${hashes.toLocaleString('en-US')} hashes of 10 fields (\`HSET hash:NNNNNN field:0 <16 bytes> … field:9 <16 bytes>\`)`,
      commands: ['hset'],
      keys: hashes,
      sampleKey: `hash:${pad(0, 6)}`,
      chunks: () =>
        chunked(hashes, (i) => {
          const args = ['HSET', `hash:${pad(i, 6)}`];
          for (let f = 0; f < 10; f++) args.push(`field:${f}`, value(i, f));
          return command(args);
        }),
    },
    {
      name: 'lists',
      description: `${lists.toLocaleString('en-US')} lists of 100 elements (\`RPUSH list:NNNNN <16 bytes> ×100\`)`,
      commands: ['rpush'],
      keys: lists,
      sampleKey: `list:${pad(0, 5)}`,
      chunks: () =>
        chunked(lists, (i) => {
          const args = ['RPUSH', `list:${pad(i, 5)}`];
          for (let e = 0; e < 100; e++) args.push(value(i, e));
          return command(args);
        }),
    },
    {
      name: 'zsets',
      description: `${zsets.toLocaleString('en-US')} sorted sets of 100 members (\`ZADD zset:NNNNN <score> <16-byte member> ×100\`)`,
      commands: ['zadd'],
      keys: zsets,
      sampleKey: `zset:${pad(0, 5)}`,
      chunks: () =>
        chunked(zsets, (i) => {
          const args = ['ZADD', `zset:${pad(i, 5)}`];
          for (let m = 0; m < 100; m++) args.push(String(m * 1.5), value(i, m));
          return command(args);
        }),
    },
  ];
}
