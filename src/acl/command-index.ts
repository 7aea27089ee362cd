// Every command and subcommand the ACL rules can name, with its categories as a bit mask.
// Mirrors: redis src/acl.c (ACLCommandCategories, ACLGetCommandID, ACLLookupCommand) and the
// part of src/server.c that gives each command an ACL id (populateCommandTable).
//
// Redis numbers commands and keeps one bit per command in each selector. We keep the Command
// objects themselves in a Set (identity is the id); this index holds what the rule parser and
// printer need: the commands in one fixed order (each container followed by its subcommands),
// each one's category mask, and lookup by "name" or "name|sub".

import { ACL_CATEGORIES, aclCategories } from '../commands/command/derived.js';
import type { Command } from '../commands/types.js';

export interface IndexedCommand {
  readonly command: Command;
  /** Bit i set: the command is in ACL_CATEGORIES[i]. */
  readonly categories: number;
}

export class CommandIndex {
  /** Containers, leaves and subcommands, in table order (a container right before its subcommands). */
  readonly all: readonly IndexedCommand[];
  readonly #byName = new Map<string, Command>();
  readonly #categoriesOf = new Map<Command, number>();

  constructor(table: ReadonlyMap<string, Command>) {
    const all: IndexedCommand[] = [];
    const add = (command: Command): void => {
      let mask = 0;
      for (const cat of aclCategories(command.spec)) mask |= 1 << ACL_CATEGORIES.indexOf(cat);
      all.push({ command, categories: mask });
      this.#categoriesOf.set(command, mask);
      this.#byName.set(command.fullName, command);
      if (command.subcommands !== undefined) for (const sub of command.subcommands.values()) add(sub);
    };
    for (const command of new Set(table.values())) add(command);
    this.all = all;
  }

  /** "get" or "config|get", any case (ACLLookupCommand); undefined when unknown. */
  lookup(fullName: string): Command | undefined {
    return this.#byName.get(fullName.toLowerCase());
  }

  categoriesOf(command: Command): number {
    return this.#categoriesOf.get(command) ?? 0;
  }
}

/** The bit of a category name (any case), or 0 when there is no such category. */
export function categoryBit(name: string): number {
  const index = ACL_CATEGORIES.indexOf(name.toLowerCase());
  return index < 0 ? 0 : 1 << index;
}
