// How INFO prints values: human-readable byte counts, fixed decimals, seconds.micros, and one
// "# Section" of field:value lines.
// Mirrors: redis src/server.c (bytesToHuman, genRedisInfoString's formatting).



// --- Formatting helpers ---

/** Redis's bytesToHuman: 1023B, 1.00K, 894.80K, 6.57M, ... */
export function bytesToHuman(n: number): string {
  const units = ['K', 'M', 'G', 'T', 'P'];
  if (n < 1024) return `${n}B`;
  let scaled = n / 1024;
  for (const unit of units) {
    if (scaled < 1024 || unit === 'P') return `${fixed(scaled, 2)}${unit}`;
    scaled /= 1024;
  }
  return `${n}B`;
}

/**
 * printf("%.Nf"): like toFixed, except that a value exactly halfway rounds to even, as glibc
 * does (0.125 → "0.12"; JavaScript's toFixed gives "0.13").
 */
export function fixed(value: number, digits: number): string {
  const scale = 10 ** digits;
  const scaled = value * scale;
  const floor = Math.floor(scaled);
  if (scaled - floor === 0.5 && Number.isFinite(scaled)) {
    const even = floor % 2 === 0 ? floor : floor + 1;
    return (even / scale).toFixed(digits);
  }
  return value.toFixed(digits);
}

/** Seconds.microseconds as Redis prints rusage times ("%ld.%06ld"). */
export function secondsMicros(us: number): string {
  return `${Math.floor(us / 1_000_000)}.${String(Math.floor(us % 1_000_000)).padStart(6, '0')}`;
}

/** Redis's multiplexing_api names for what libuv uses on this platform. */
export function multiplexingApi(): string {
  switch (process.platform) {
    case 'linux': return 'epoll';
    case 'darwin': case 'freebsd': case 'openbsd': return 'kqueue';
    case 'sunos': return 'evport';
    default: return 'select';
  }
}

type Fields = ReadonlyArray<readonly [string, string | number]>;

export function section(title: string, fields: Fields): string {
  let out = `# ${title}\r\n`;
  for (const [name, value] of fields) out += `${name}:${value}\r\n`;
  return out;
}
