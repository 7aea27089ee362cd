// `npm run bench:micro`: every micro benchmark in this folder, one after another (each prints its table).
// Pass --quick for a short smoke run.

import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const here = import.meta.dirname;
const files = readdirSync(here).filter((f) => f.endsWith('.bench.ts')).sort();
for (const file of files) {
  process.stdout.write(`\n## ${file}\n\n`);
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(here, file), ...process.argv.slice(2)], { stdio: 'inherit' });
    child.once('exit', resolve);
  });
  if (code !== 0) process.exit(code ?? 1);
}
