// The rule strings ACL LIST, ACL GETUSER and ACL SAVE print: rules that, applied to a fresh user,
// give back exactly the same permissions.
// Mirrors: redis src/acl.c (ACLDescribeUser, ACLDescribeSelector, ACLDescribeSelectorCommandRules,
// ACLDescribeSelectorCommandRulesSingleCommands, sdsCatPatternString).
//
// Commands are not printed as they were given: Redis rebuilds a short description from the
// permission set. It starts from +@all (if the selector may run future commands) or -@all, then
// greedily applies the category that matches the most commands with the fewest mismatches, until
// none helps; then it adds or removes single commands until the sets agree, and finally lists the
// allowed first arguments (+select|0). We follow the same algorithm, so the same rules print the
// same string. DIFFERS FROM REDIS: the single commands come in our table's order; Redis walks a
// hash table whose order depends on a per-process seed.

import { ACL_CATEGORIES } from '../commands/command/derived.js';
import type { Command } from '../commands/types.js';
import type { CommandIndex } from './command-index.js';
import { KEY_ALL, KEY_READ, KEY_WRITE, type KeyPattern, Selector } from './selector.js';
import type { User } from './user.js';

function patternString(k: KeyPattern): string {
  if (k.flags === KEY_ALL) return `~${k.pattern}`;
  if (k.flags === KEY_READ) return `%R~${k.pattern}`;
  if (k.flags === KEY_WRITE) return `%W~${k.pattern}`;
  return `~${k.pattern}`;
}

/** "~a %R~b" or "~*": the keys field of ACL GETUSER. */
export function describeKeys(s: Selector): string {
  return s.allKeys ? '~*' : s.keys.map(patternString).join(' ');
}

/** "&a &b" or "&*": the channels field of ACL GETUSER. */
export function describeChannels(s: Selector): string {
  return s.allChannels ? '&*' : s.channels.map((c) => `&${c}`).join(' ');
}

/** How many commands of a category the set allows (on) and denies (off). */
function countCategory(allowed: ReadonlySet<Command>, bit: number, index: CommandIndex): { on: number; off: number } {
  let on = 0;
  let off = 0;
  for (const { command, categories } of index.all) {
    if ((categories & bit) === 0) continue;
    if (allowed.has(command)) on++;
    else off++;
  }
  return { on, off };
}

/** The command half of a selector's rules, e.g. "-@all +@hash -hset +get". */
export function describeCommandRules(s: Selector, index: CommandIndex): string {
  const rules: string[] = [];
  const additive = !s.futureCommands;
  // The "fake" selector tracks what the rules printed so far grant.
  const fake = new Selector(false, false);
  fake.setAll(!additive, index);
  rules.push(additive ? '-@all' : '+@all');
  // The "temp" set starts as the user's and has each applied category reverted, so a category is
  // judged only on the commands the earlier ones did not already settle.
  const temp = new Selector(false, false);
  for (const c of s.allowed) temp.allowed.add(c);
  const applied = new Array<boolean>(ACL_CATEGORIES.length).fill(false);
  for (;;) {
    let best = -1;
    let minDiff = Number.MAX_SAFE_INTEGER;
    let maxSame = 0;
    for (let j = 0; j < ACL_CATEGORIES.length; j++) {
      if (applied[j] === true) continue;
      const { on, off } = countCategory(temp.allowed, 1 << j, index);
      const diff = additive ? off : on;
      const same = additive ? on : off;
      if (same > diff && (diff < minDiff || (diff === minDiff && same > maxSame))) {
        best = j;
        minDiff = diff;
        maxSame = same;
      }
    }
    if (best === -1) break;
    const name = ACL_CATEGORIES[best] as string;
    fake.setCategory(1 << best, additive, index);
    temp.setCategory(1 << best, !additive, index);
    rules.push(`${additive ? '+' : '-'}@${name}`);
    applied[best] = true;
  }
  // Single commands where the two still differ, then the allowed first arguments.
  for (const { command } of index.all) {
    const mine = s.allowed.has(command);
    if (mine !== fake.allowed.has(command)) {
      rules.push(`${mine ? '+' : '-'}${command.fullName}`);
      fake.changePerm(command, mine);
    }
    const firstArgs = s.firstArgs.get(command);
    if (!mine && firstArgs !== undefined) for (const arg of firstArgs) rules.push(`+${command.fullName}|${arg}`);
  }
  return rules.join(' ');
}

/** Keys, channels and commands of one selector, as ACL LIST prints them. */
function describeSelector(s: Selector, index: CommandIndex): string {
  let out = '';
  if (s.allKeys) out += '~* ';
  else for (const k of s.keys) out += `${patternString(k)} `;
  if (s.allChannels) out += '&* ';
  else {
    out += 'resetchannels ';
    for (const c of s.channels) out += `&${c} `;
  }
  return out + describeCommandRules(s, index);
}

/** The flags of a user in ACLUserFlags's order: on/off, nopass, (skip-)sanitize-payload. */
export function userFlags(u: User): string[] {
  const flags = [u.enabled ? 'on' : 'off'];
  if (u.nopass) flags.push('nopass');
  if (u.sanitizePayload === 'skip') flags.push('skip-sanitize-payload');
  if (u.sanitizePayload === 'sanitize') flags.push('sanitize-payload');
  return flags;
}

/** Everything after "user <name> " in ACL LIST (ACLDescribeUser). */
export function describeUser(u: User, index: CommandIndex): string {
  let out = '';
  for (const flag of userFlags(u)) out += `${flag} `;
  for (const hash of u.passwords) out += `#${hash} `;
  for (const s of u.selectors) {
    out += s.root ? describeSelector(s, index) : ` (${describeSelector(s, index)})`;
  }
  return out;
}
