// The three ways configuration can fail: a bad startup directive, a refused CONFIG SET, a failed apply.
// Mirrors: redis src/config.c (loadServerConfigFromString's loaderr block, configSetCommand's err block)

/**
 * A startup configuration error (redis.conf, `--directive value` arguments, or Config.fromObject).
 * The CLI prints `fatalReport()` to stderr and exits with status 1, as redis-server does.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(
    /** Redis's reason line, e.g. `argument couldn't be parsed into an integer`. */
    readonly reason: string,
    /** 1-based line in the text being loaded (file, then stdin, then argv options); undefined for fromObject. */
    readonly lineNumber?: number,
    /** The offending line as Redis echoes it after `>>>`, e.g. `port "abc"`. */
    readonly lineText?: string,
  ) {
    super(lineText === undefined ? reason : `${reason} (${lineNumber === undefined ? '' : `line ${lineNumber}: `}'${lineText}')`);
  }

  /**
   * The block redis-server writes to stderr before exit(1), e.g.
   * `\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line 2\n>>> 'port "abc"'\n...`.
   */
  fatalReport(serverVersion: string): string {
    let out = `\n*** FATAL CONFIG FILE ERROR (Redis ${serverVersion}) ***\n`;
    if (this.lineText !== undefined) {
      if (this.lineNumber !== undefined) out += `Reading the configuration file, at line ${this.lineNumber}\n`;
      out += `>>> '${this.lineText}'\n`;
    }
    return `${out}${this.reason}\n`;
  }
}

/**
 * CONFIG SET was refused. `message` is the exact error reply without the leading '-', e.g.
 * `ERR CONFIG SET failed (possibly related to argument 'port') - argument couldn't be parsed into an integer`.
 * Nothing was changed when this is thrown (CONFIG SET is all or nothing).
 */
export class ConfigSetError extends Error {
  override readonly name = 'ConfigSetError';
}

/**
 * Thrown by an onChange listener that could not apply a new value (Redis's `apply` step, e.g. the new port could
 * not be bound). Config then restores every value of that CONFIG SET and reports
 * `ERR CONFIG SET failed (possibly related to argument '<name>') - <message>`.
 * Redis's own texts: `Unable to listen on this port. Check server logs.`, `Failed to bind to specified addresses.`
 */
export class ConfigApplyError extends Error {
  override readonly name = 'ConfigApplyError';
}

/** Internal: a value did not parse or validate; `message` is Redis's reason text. */
export class ParamError extends Error {
  override readonly name = 'ParamError';
}

const STRERROR: Readonly<Record<string, string>> = {
  ENOENT: 'No such file or directory',
  ENOTDIR: 'Not a directory',
  EACCES: 'Permission denied',
  EISDIR: 'Is a directory',
  ELOOP: 'Too many levels of symbolic links',
  ENAMETOOLONG: 'File name too long',
};

/** The C strerror() text for a Node fs error, as Redis prints it (e.g. "No such file or directory"). */
export function errnoText(err: unknown): string {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
  return STRERROR[code] ?? (err instanceof Error ? err.message : String(err));
}
