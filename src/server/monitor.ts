// MONITOR lines: every command the server runs, as Redis prints it to monitoring clients.
// Mirrors: redis src/replication.c (replicationFeedMonitors) and src/sds.c (sdscatrepr).

/**
 * `1339518083.107412 [0 127.0.0.1:60866] "keys" "*"`: seconds.microseconds, the database, the
 * peer, then each argument quoted and escaped as Redis's sdscatrepr does.
 */
export function formatMonitorLine(nowMicros: number, db: number, peer: string, argv: readonly Buffer[]): string {
  const seconds = Math.floor(nowMicros / 1_000_000);
  const micros = String(nowMicros % 1_000_000).padStart(6, '0');
  let line = `${seconds}.${micros} [${db} ${peer}]`;
  for (const arg of argv) line += ` ${quoteRepr(arg)}`;
  return line;
}

/** sdscatrepr: double-quoted, with \\ \" \n \r \t \a \b escaped and other non-printables as \xHH. */
export function quoteRepr(bytes: Buffer): string {
  let out = '"';
  for (const c of bytes) {
    switch (c) {
      case 0x5c: out += '\\\\'; break;
      case 0x22: out += '\\"'; break;
      case 0x0a: out += '\\n'; break;
      case 0x0d: out += '\\r'; break;
      case 0x09: out += '\\t'; break;
      case 0x07: out += '\\a'; break;
      case 0x08: out += '\\b'; break;
      default:
        out += c >= 0x20 && c <= 0x7e ? String.fromCharCode(c) : `\\x${c.toString(16).padStart(2, '0')}`;
    }
  }
  return `${out}"`;
}
