// Command-line flags for the benchmark scripts: `--name value` pairs and bare `--flag` switches.
// `npm run bench -- --n 20000 --rounds 1 --tests set,get` reaches the script as those pairs.

export class Flags {
  private readonly values = new Map<string, string>();
  private readonly seen = new Set<string>();

  constructor(argv: readonly string[], private readonly known: readonly string[]) {
    for (let i = 0; i < argv.length; i++) {
      const arg = argv[i] as string;
      if (arg === '--') continue;
      if (!arg.startsWith('--')) throw new Error(`unexpected argument ${JSON.stringify(arg)} (flags look like --name value)`);
      const eq = arg.indexOf('=');
      const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      if (!known.includes(name)) throw new Error(`unknown flag --${name}; known: ${known.map((k) => `--${k}`).join(' ')}`);
      this.seen.add(name);
      if (eq !== -1) {
        this.values.set(name, arg.slice(eq + 1));
      } else {
        const next = argv[i + 1];
        if (next !== undefined && !next.startsWith('--')) {
          this.values.set(name, next);
          i++;
        }
      }
    }
  }

  has(name: string): boolean {
    this.check(name);
    return this.seen.has(name);
  }

  string(name: string, fallback: string): string {
    this.check(name);
    return this.values.get(name) ?? fallback;
  }

  int(name: string, fallback: number): number {
    const raw = this.values.get(name);
    this.check(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} wants a non-negative integer, got ${JSON.stringify(raw)}`);
    return n;
  }

  list(name: string, fallback: readonly string[]): string[] {
    const raw = this.values.get(name);
    this.check(name);
    if (raw === undefined) return [...fallback];
    return raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  }

  private check(name: string): void {
    if (!this.known.includes(name)) throw new Error(`flag --${name} is not declared`);
  }
}
