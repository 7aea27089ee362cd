// Generates docs/compatibility.md: every Redis 7.0 command (and subcommand), config parameter and INFO field,
// and whether tsredis has it. The Redis side comes from a committed fixture captured from a real Redis 7.0; our
// side comes from the command table, the config parameter table and a live INFO of an embedded server.
//
//   npx tsx scripts/gen-compatibility.ts                  regenerate docs/compatibility.md
//   npx tsx scripts/gen-compatibility.ts --check          exit 1 if the committed file is stale
//   npx tsx scripts/gen-compatibility.ts --capture 6407   re-capture test/fixtures/redis-7.0-command-info.json
//                                                          from a redis-server 7.0 listening on that port
//
// test/integration/command.test.ts checks the committed doc against renderCompatibility(), so the doc cannot lie;
// test/unit/commands/table.test.ts checks every spec against the same fixture.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildCommandTable, uniqueCommands } from '../src/commands/table.js';
import type { CommandSpec } from '../src/commands/types.js';
import { describeParams, type ParamInfo } from '../src/config/config.js';
import { startServer } from '../src/index.js';
import { DEFAULT_RUNS, FAMILY_NAMES, MAX_LENGTH } from '../test/differential/families/index.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const FIXTURE_PATH = join(ROOT, 'test/fixtures/redis-7.0-command-info.json');
export const CONFIG_FIXTURE_PATH = join(ROOT, 'test/unit/config/fixtures/redis-7.0-config-get.txt');
export const DOC_PATH = join(ROOT, 'docs/compatibility.md');

// --- The fixture: Redis 7.0's own description of its commands ---

/** One command or subcommand as Redis 7.0 describes it (COMMAND INFO and COMMAND DOCS, over RESP3). */
export interface FixtureCommand {
  /** "get", or "config|get" for a subcommand. */
  readonly name: string;
  readonly arity: number;
  readonly flags: readonly string[];
  readonly first: number;
  readonly last: number;
  readonly step: number;
  /** With the '@': "@read". */
  readonly acl: readonly string[];
  readonly tips: readonly string[];
  readonly keySpecs: readonly unknown[];
  /** Full names of the subcommands, sorted. */
  readonly subcommands: readonly string[];
  /** The COMMAND DOCS map minus its "subcommands" entry, keys in Redis's order. */
  readonly docs: {
    readonly summary: string;
    readonly since: string;
    readonly group: string;
    readonly complexity?: string;
    readonly doc_flags?: readonly string[];
    readonly deprecated_since?: string;
    readonly replaced_by?: string;
    readonly history?: readonly (readonly [string, string])[];
    readonly arguments?: readonly unknown[];
  };
}

export interface Fixture {
  readonly comment: string;
  readonly redisVersion: string;
  /** Every command and subcommand, sorted by full name. */
  readonly commands: readonly FixtureCommand[];
  /** INFO everything: section name → field names (dynamic sections list no fields). */
  readonly info: Readonly<Record<string, readonly string[]>>;
}

export function loadFixture(path = FIXTURE_PATH): Fixture {
  return JSON.parse(readFileSync(path, 'utf8')) as Fixture;
}

/** CONFIG GET * parameter names of Redis 7.0 (the config work's fixture). */
export function loadRedisConfigNames(path = CONFIG_FIXTURE_PATH): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => line.split('\t')[0] as string);
}

// --- A tiny RESP3 client, enough to capture the fixture and read our own INFO ---

export type Resp3 = null | string | number | boolean | Resp3[] | { readonly [key: string]: Resp3 } | Error;

/** Parse one RESP3 value at `pos`; undefined when the buffer does not hold a whole value yet. */
export function parseResp3(buf: Buffer, pos: number): { value: Resp3; next: number } | undefined {
  const eol = buf.indexOf('\r\n', pos, 'latin1');
  if (eol === -1) return undefined;
  const type = String.fromCharCode(buf[pos] as number);
  const line = buf.toString('utf8', pos + 1, eol);
  let next = eol + 2;
  switch (type) {
    case '+': return { value: line, next };
    case '-': return { value: new Error(line), next };
    case ':': return { value: Number(line), next };
    case ',': return { value: Number(line), next };
    case '#': return { value: line === 't', next };
    case '_': return { value: null, next };
    case '$':
    case '=': {
      const len = Number(line);
      if (len < 0) return { value: null, next };
      if (buf.length < next + len + 2) return undefined;
      const text = buf.toString('utf8', next, next + len);
      return { value: type === '=' ? text.slice(4) : text, next: next + len + 2 };
    }
    case '*':
    case '~':
    case '>':
    case '%': {
      const count = Number(line);
      if (count < 0) return { value: null, next };
      const items: Resp3[] = [];
      for (let i = 0; i < (type === '%' ? count * 2 : count); i++) {
        const item = parseResp3(buf, next);
        if (item === undefined) return undefined;
        items.push(item.value);
        next = item.next;
      }
      if (type !== '%') return { value: items, next };
      const object: Record<string, Resp3> = {};
      for (let i = 0; i < items.length; i += 2) object[String(items[i])] = items[i + 1] as Resp3;
      return { value: object, next };
    }
    default:
      throw new Error(`unexpected RESP3 type byte ${JSON.stringify(type)}`);
  }
}

/** Send commands over one RESP3 connection (HELLO 3 first) and return their replies. */
export function resp3Query(port: number, commands: readonly (readonly string[])[]): Promise<Resp3[]> {
  const all = [['HELLO', '3'], ...commands];
  const wire = all
    .map((argv) => `*${argv.length}\r\n${argv.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`)
    .join('');
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' }, () => socket.write(wire));
    let buf = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      const replies: Resp3[] = [];
      let pos = 0;
      while (replies.length < all.length) {
        const parsed = parseResp3(buf, pos);
        if (parsed === undefined) return;
        replies.push(parsed.value);
        pos = parsed.next;
      }
      socket.end();
      resolve(replies.slice(1));
    });
    socket.on('error', reject);
  });
}

/** INFO text → section name (lowercase) → field names. */
export function infoFields(text: string): Record<string, string[]> {
  const sections: Record<string, string[]> = {};
  let current: string[] | undefined;
  for (const line of text.split('\r\n')) {
    if (line.startsWith('# ')) {
      current = [];
      sections[line.slice(2).toLowerCase()] = current;
    } else if (line.includes(':') && current !== undefined) {
      current.push(line.slice(0, line.indexOf(':')));
    }
  }
  return sections;
}

/** Sections whose fields depend on what ran or what exists (one per command, error, database). */
const DYNAMIC_INFO_SECTIONS = new Set(['commandstats', 'errorstats', 'latencystats', 'keyspace']);

async function captureFixture(port: number): Promise<Fixture> {
  const [info, docs, server] = await resp3Query(port, [['COMMAND', 'INFO'], ['COMMAND', 'DOCS'], ['INFO', 'everything']]);
  const docMap = docs as Record<string, Record<string, Resp3>>;
  const commands: FixtureCommand[] = [];
  const visit = (entry: Resp3[], parentDocs: Record<string, Resp3> | undefined): void => {
    const [name, arity, flags, first, last, step, acl, tips, keySpecs, subs] = entry as [
      string, number, string[], number, number, number, string[], string[], Resp3[], Resp3[][],
    ];
    const docEntry = parentDocs === undefined ? docMap[name] : (parentDocs[name] as Record<string, Resp3>);
    const { subcommands: subDocs, ...rest } = docEntry ?? {};
    commands.push({
      name, arity, flags, first, last, step, acl, tips, keySpecs,
      subcommands: subs.map((s) => s[0] as string).sort(),
      docs: rest as unknown as FixtureCommand['docs'],
    });
    for (const sub of subs) visit(sub, subDocs as Record<string, Resp3> | undefined);
  };
  for (const entry of info as Resp3[][]) visit(entry, undefined);
  commands.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const sections = infoFields(server as string);
  for (const name of Object.keys(sections)) if (DYNAMIC_INFO_SECTIONS.has(name)) sections[name] = [];
  return {
    comment:
      "Redis 7.0's COMMAND INFO + COMMAND DOCS (over RESP3) for every command and subcommand, and INFO everything's " +
      "field names. Captured from a default-configured `redis-server --port 6407 --daemonize yes --save ''` (7.0.15) with " +
      '`npx tsx scripts/gen-compatibility.ts --capture 6407`. Read by test/unit/commands/table.test.ts and ' +
      'scripts/gen-compatibility.ts.',
    redisVersion: /redis_version:(\S+)/.exec(server as string)?.[1] ?? '?',
    commands,
    info: sections,
  };
}

/** One command per line: compact, and a diff shows which command changed. */
function formatFixture(fixture: Fixture): string {
  const head = JSON.stringify({ comment: fixture.comment, redisVersion: fixture.redisVersion });
  return [
    `${head.slice(0, -1)},`,
    '"commands":[',
    fixture.commands.map((c) => JSON.stringify(c)).join(',\n'),
    '],',
    `"info":${JSON.stringify(fixture.info, null, 0)}}`,
    '',
  ].join('\n');
}

// --- Our side ---

/** What tsredis has: its command table, its config parameters, and the INFO fields it prints. */
export interface OurSide {
  /** Full name ("config|get") → spec, for every command and subcommand in the table. */
  readonly commands: ReadonlyMap<string, CommandSpec>;
  readonly params: readonly ParamInfo[];
  /** Section → field names from a live `INFO everything`, or undefined when INFO is not implemented. */
  readonly info: Readonly<Record<string, readonly string[]>> | undefined;
}

export async function collectOurSide(): Promise<OurSide> {
  const commands = new Map<string, CommandSpec>();
  for (const command of uniqueCommands(buildCommandTable())) {
    commands.set(command.fullName, command.spec);
    for (const sub of command.subcommands?.values() ?? []) commands.set(sub.fullName, sub.spec);
  }
  let info: Record<string, string[]> | undefined;
  if (commands.has('info')) {
    // INFO field names are static for a default configuration, so one embedded server tells them.
    const server = await startServer({ port: 0, bind: '127.0.0.1', loglevel: 'warning' });
    try {
      const [reply] = await resp3Query(server.port, [['INFO', 'everything']]);
      if (typeof reply === 'string') info = infoFields(reply);
    } finally {
      await server.close();
    }
  }
  return { commands, params: describeParams(), info };
}

// --- Rendering ---

/**
 * Hand-maintained notes on partial support, by full command name. Whoever implements a command partially adds a line
 * here (and in docs/differences.md); the generator prints it next to the command.
 */
const NOTES: Readonly<Record<string, string>> = {
  'command|info': 'key specs are derived from first/last/step unless the spec declares them',
  'command|docs': 'arguments, history and doc flags only where the spec declares them (redis-cli hints follow)',
  'command|getkeysandflags': 'flags come from the key specs, derived ones are a worst-case guess',
  'command|list': 'FILTERBY MODULE matches nothing: tsredis has no modules',
};

/** The order groups appear in (Redis's documentation order, roughly by data type first). */
const GROUP_ORDER = [
  'generic', 'string', 'list', 'set', 'sorted-set', 'hash', 'bitmap', 'hyperloglog', 'geo', 'stream', 'pubsub',
  'transactions', 'scripting', 'connection', 'server', 'cluster', 'sentinel',
];

const PARAM_STATUS_TEXT: Readonly<Record<ParamInfo['status'], string>> = {
  used: 'supported',
  noop: 'accepted, no effect',
  unsupported: 'default only',
};

const displayName = (fullName: string): string => fullName.replace('|', ' ').toUpperCase();
const cell = (value: string): string => value.replace(/\|/g, '\\|');

function commandsSection(fixture: Fixture, ours: OurSide): string[] {
  const byGroup = new Map<string, FixtureCommand[]>();
  for (const command of fixture.commands) {
    if (command.name.includes('|')) continue;
    const list = byGroup.get(command.docs.group) ?? [];
    list.push(command);
    byGroup.set(command.docs.group, list);
  }
  const byName = new Map(fixture.commands.map((c) => [c.name, c]));
  const status = (name: string): string => (ours.commands.has(name) ? 'supported' : 'missing');
  const groups = [...byGroup.keys()].sort((a, b) => GROUP_ORDER.indexOf(a) - GROUP_ORDER.indexOf(b));
  const lines: string[] = ['## Commands', '', '| Group | Commands supported | Subcommands supported |', '| --- | --- | --- |'];
  for (const group of groups) {
    const tops = byGroup.get(group) ?? [];
    const subs = tops.flatMap((c) => c.subcommands);
    const count = (names: readonly string[]): string =>
      `${names.filter((n) => ours.commands.has(n)).length} / ${names.length}`;
    lines.push(`| ${group} | ${count(tops.map((c) => c.name))} | ${subs.length === 0 ? '-' : count(subs)} |`);
  }
  for (const group of groups) {
    lines.push('', `### ${group}`, '', '| Command | Status | Notes | Summary |', '| --- | --- | --- | --- |');
    for (const command of byGroup.get(group) ?? []) {
      for (const name of [command.name, ...command.subcommands]) {
        const summary = byName.get(name)?.docs.summary ?? '';
        const label = name.includes('|') ? `&nbsp;&nbsp;${displayName(name)}` : `**${displayName(name)}**`;
        lines.push(`| ${label} | ${status(name)} | ${cell(NOTES[name] ?? '')} | ${cell(summary)} |`);
      }
    }
  }
  const extras = [...ours.commands.keys()].filter((name) => !byName.has(name)).sort();
  if (extras.length > 0) {
    lines.push('', '### Not in Redis 7.0', '', ...extras.map((name) => `- ${displayName(name)}`));
  }
  return lines;
}

function configSection(ours: OurSide, redisConfigNames: readonly string[]): string[] {
  const byName = new Map<string, ParamInfo>();
  for (const param of ours.params) {
    byName.set(param.name, param);
    if (param.alias !== undefined) byName.set(param.alias, param);
  }
  const lines = ['## Configuration parameters', '', '| Parameter | Status | Notes |', '| --- | --- | --- |'];
  for (const name of [...redisConfigNames].sort()) {
    const param = byName.get(name);
    const aliasOf = param !== undefined && param.name !== name ? `alias of ${param.name}` : '';
    const note = [aliasOf, param?.note ?? ''].filter((t) => t !== '').join('; ');
    lines.push(`| ${name} | ${param === undefined ? 'missing' : PARAM_STATUS_TEXT[param.status]} | ${cell(note)} |`);
  }
  const extras = ours.params.filter((p) => !redisConfigNames.includes(p.name)).map((p) => p.name);
  if (extras.length > 0) lines.push('', `Not in Redis 7.0's CONFIG GET *: ${extras.join(', ')}.`);
  return lines;
}

function infoSection(fixture: Fixture, ours: OurSide): string[] {
  const lines = ['## INFO fields', ''];
  if (ours.info === undefined) {
    lines.push('INFO is not implemented yet: every field below is missing (to be filled by the server/INFO work).', '');
  }
  lines.push('| Section | Field | Status |', '| --- | --- | --- |');
  for (const [section, fields] of Object.entries(fixture.info)) {
    const have = ours.info?.[section];
    if (fields.length === 0) {
      // commandstats, errorstats, latencystats, keyspace, modules: lines depend on what ran and what exists.
      lines.push(`| ${section} | (one line per entry) | ${have === undefined ? 'missing' : 'supported'} |`);
      continue;
    }
    for (const field of fields) lines.push(`| ${section} | ${field} | ${have?.includes(field) === true ? 'supported' : 'missing'} |`);
  }
  const extra = Object.entries(ours.info ?? {}).flatMap(([section, fields]) =>
    fields.filter((f) => fixture.info[section]?.includes(f) !== true && (fixture.info[section]?.length ?? 0) > 0)
      .map((f) => `${section}.${f}`));
  if (extra.length > 0) lines.push('', `Not in Redis 7.0: ${extra.join(', ')}.`);
  return lines;
}

/** How the claims on this page are checked: the suites in `npm test`, from the test tree itself. */
function verificationSection(): string[] {
  const clientSuites = readdirSync(join(ROOT, 'test/clients')).filter((f) => f.endsWith('.test.ts')).sort();
  const totalRuns = FAMILY_NAMES.reduce((sum, family) => sum + DEFAULT_RUNS[family], 0);
  return [
    '## How this is verified',
    '',
    `Every \`npm test\` (and so every CI run) compares tsredis with a real redis-server 7.0 it starts itself: ` +
      `${totalRuns} seeded random command sequences of up to ${MAX_LENGTH} commands over ${FAMILY_NAMES.length} families ` +
      `(${FAMILY_NAMES.join(', ')}), each reply compared as raw RESP bytes in RESP2 and RESP3, plus mutated protocol ` +
      'streams (test/differential). What is normalised (set order, random picks, cursors, clock values) and the ' +
      'known bugs still excluded are listed, each with its reason, in [verification.md](verification.md); ' +
      '`npm run fuzz` runs the same generators for longer.',
    '',
    `Real clients run against an embedded tsredis in test/clients: ${clientSuites.map((f) => f.replace('.test.ts', '')).join(', ')} ` +
      '(redis-py and the Django guide through Debian\'s python3-redis and python3-django-redis). Each command family ' +
      'also has integration tests asserting the exact bytes read off Redis (test/integration).',
  ];
}

/** The whole docs/compatibility.md text. */
export function renderCompatibility(fixture: Fixture, ours: OurSide, redisConfigNames: readonly string[]): string {
  const tops = fixture.commands.filter((c) => !c.name.includes('|'));
  const supportedTops = tops.filter((c) => ours.commands.has(c.name)).length;
  const subs = fixture.commands.filter((c) => c.name.includes('|'));
  const supportedSubs = subs.filter((c) => ours.commands.has(c.name)).length;
  return [
    '# Compatibility with Redis 7.0',
    '',
    '<!-- Generated by `npx tsx scripts/gen-compatibility.ts` from test/fixtures/redis-7.0-command-info.json (Redis',
    `     ${fixture.redisVersion}), the command table, the config table and a live INFO. Do not edit by hand: a test checks it. -->`,
    '',
    `tsredis implements ${supportedTops} of Redis ${fixture.redisVersion}'s ${tops.length} commands and ${supportedSubs} of its ` +
      `${subs.length} subcommands. "supported" means the command is in the table with Redis's arity, flags and key ` +
      'positions (test/unit/commands/table.test.ts checks them); partial support is noted beside the command and ' +
      'every known difference is listed in [differences.md](differences.md).',
    '',
    ...verificationSection(),
    '',
    ...configSection(ours, redisConfigNames),
    '',
    ...infoSection(fixture, ours),
    '',
    ...commandsSection(fixture, ours),
    '',
  ].join('\n');
}

async function main(args: readonly string[]): Promise<number> {
  if (args[0] === '--capture') {
    const fixture = await captureFixture(Number(args[1] ?? 6379));
    writeFileSync(FIXTURE_PATH, formatFixture(fixture));
    process.stdout.write(`wrote ${FIXTURE_PATH}: ${fixture.commands.length} commands and subcommands\n`);
    return 0;
  }
  const text = renderCompatibility(loadFixture(), await collectOurSide(), loadRedisConfigNames());
  if (args[0] === '--check') {
    const committed = readFileSync(DOC_PATH, 'utf8');
    if (committed === text) return 0;
    process.stderr.write('docs/compatibility.md is stale: run npx tsx scripts/gen-compatibility.ts\n');
    return 1;
  }
  writeFileSync(DOC_PATH, text);
  process.stdout.write(`wrote ${DOC_PATH}\n`);
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
