// The server log's line format and levels.
// Mirrors: redis src/server.c (serverLogRaw: "pid:role day month year hh:mm:ss.mmm mark message").
//
// Redis marks each line with its level ('.' debug, '-' verbose, '*' notice, '#' warning) and the
// role of the process ('M' for a master; we are always one). Tests and log scrapers match on this
// shape, so it is kept exactly.

export type LogLevel = 'debug' | 'verbose' | 'notice' | 'warning';

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'verbose', 'notice', 'warning'];
const MARKS: Record<LogLevel, string> = { debug: '.', verbose: '-', notice: '*', warning: '#' };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Is a message of `level` written when the `loglevel` setting is `configured`? */
export function logLevelShown(level: LogLevel, configured: LogLevel): boolean {
  return LOG_LEVELS.indexOf(level) >= LOG_LEVELS.indexOf(configured);
}

/** One log line, as Redis prints it: `4242:M 26 Nov 2026 07:14:23.123 * message`. */
export function formatLogLine(level: LogLevel, message: string, when: Date): string {
  return `${process.pid}:M ${formatLogDate(when)} ${MARKS[level]} ${message}`;
}

function formatLogDate(d: Date): string {
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${pad(d.getDate())} ${MONTHS[d.getMonth()]} ${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}
