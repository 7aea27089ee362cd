// Reading configuration text: redis.conf lines, and redis-server's `[config-file] [--name value ...]` command line.
// Mirrors: redis src/config.c (loadServerConfig, loadServerConfigFromString), src/server.c (main's option loop)
//
// redis-server turns its command line into config text: each `--name` starts a new line and each following argument
// is appended in quoted form, so `--save 900 1 --port 7000` becomes `save "900" "1"\nport "7000"`. That text is
// appended (after a newline) to the config file's content and everything is parsed as one file, which is why an
// error in an option is reported "at line N" of that combined text.

import { ConfigError } from './errors.js';
import { reprString, splitArgs, trimConfigLine } from './lex.js';

export interface ConfigLine {
  /** 1-based line number in the text. */
  readonly lineNumber: number;
  /** The trimmed line, as Redis echoes it after `>>>` in errors. */
  readonly text: string;
  /** The split arguments; args[0] is the directive name, lowercased. */
  readonly args: readonly string[];
}

/**
 * Yield the directives of a redis.conf text in order, skipping blank and `#` comment lines. Lazy, so an unbalanced
 * quote is reported only when reached, after any earlier error (as Redis does).
 * Comments must start the line: `port 6379 # note` is three arguments, as in Redis.
 */
export function* configLines(text: string): Generator<ConfigLine> {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = trimConfigLine(lines[i] ?? '');
    if (line === '' || line.startsWith('#')) continue;
    const args = splitArgs(line);
    if (args === undefined) throw new ConfigError('Unbalanced quotes in configuration line', i + 1, line);
    const first = args[0];
    if (first === undefined) continue;
    yield { lineNumber: i + 1, text: line, args: [first.toLowerCase(), ...args.slice(1)] };
  }
}

/** What redis-server's argument list asks for. */
export interface ParsedCommandLine {
  /** The config file argument as given (first argument, when it does not start with '-'). */
  readonly configFile: string | undefined;
  /** A lone `-` as the first or last argument: read more config text from stdin after the file. */
  readonly readStdin: boolean;
  /** The `--name value` options as config text (without the separating newline). */
  readonly optionsText: string;
}

/**
 * Interpret `tsredis-server [config-file] [-] [--name [value ...] ...]` exactly like redis-server 7.0:
 * - an argument starting with `--` begins a new directive, unless the previous directive still has no value (then
 *   it is that value: `--requirepass --secret` sets the password "--secret");
 * - `--save` directly followed by another `--option` (or last) means `save ""`, for pre-7.0 compatibility;
 * - `"--port 6380"` as one argument carries its own value.
 * `--help`/`--version`/`--test-memory` are the CLI's business and are not handled here.
 */
export function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  let j = 0;
  let configFile: string | undefined;
  const first = argv[0];
  if (first !== undefined && !first.startsWith('-')) {
    configFile = first;
    j = 1;
  }
  let readStdin = false;
  let options = '';
  let lastHasValue = true;
  for (; j < argv.length; j++) {
    const arg = argv[j] ?? '';
    const next = argv[j + 1];
    const isLast = j === argv.length - 1;
    if (arg === '-' && (j === 0 || isLast)) {
      readStdin = true;
    } else if (lastHasValue && arg.startsWith('--')) {
      if (options !== '') options += '\n';
      options += `${arg.slice(2)} `;
      const words = splitArgs(arg);
      if (words !== undefined && words.length === 1) {
        // Only a name, like `--port`: its value follows.
        lastHasValue = false;
        if (arg.toLowerCase() === '--save' && (isLast || next?.startsWith('--') === true)) {
          options += '""';
          lastHasValue = true;
        }
      } else {
        lastHasValue = true; // `--port 6380` in one argument
      }
    } else {
      options += `${reprString(arg)} `;
      lastHasValue = true;
    }
  }
  return { configFile, readStdin, optionsText: options };
}
