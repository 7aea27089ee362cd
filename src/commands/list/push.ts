// Pushing: LPUSH, RPUSH, LPUSHX, RPUSHX and LINSERT.
// Mirrors: redis src/t_list.c (pushGenericCommand, pushxGenericCommand, linsertCommand).

import { NOTIFY_LIST } from '../../config/keyspace-events.js';
import {
  createList, listInsert, listLength, listPush, listPushMany, type ListObject, type ListWhere,
} from '../../datatypes/list/list-type.js';
import { syntaxError } from '../../errors.js';
import type { Reply } from '../../protocol/reply.js';
import { keyOf, optionWord } from '../args.js';
import type { CommandContext } from '../context.js';
import { asList, listFill, pushEvent } from './common.js';

// --- Commands: pushing ---

/** pushGenericCommand / pushxGenericCommand. */
function pushGeneric(ctx: CommandContext, argv: readonly Buffer[], where: ListWhere, onlyIfExists: boolean): Reply {
  const key = keyOf(argv[1] as Buffer);
  const found = ctx.db.lookupWrite(key);
  let list: ListObject;
  if (found === undefined) {
    if (onlyIfExists) return 0;
    list = createList(listFill(ctx));
    ctx.db.add(key, list);
  } else {
    list = asList(found);
  }
  if (argv.length === 3) {
    const value = argv[2] as Buffer;
    listPush(list, value.latin1Slice(0, value.length), where);
  } else {
    // Several elements: one batch, so each packed node is rewritten once, not once per element.
    const values = new Array<string>(argv.length - 2);
    for (let j = 2; j < argv.length; j++) values[j - 2] = (argv[j] as Buffer).latin1Slice(0, (argv[j] as Buffer).length);
    listPushMany(list, values, where);
  }
  // Signalled once pushed, so the list is re-priced at once (a new one was stored by add() above).
  if (found !== undefined) ctx.db.touchWriteDone(key, list);
  ctx.notify(NOTIFY_LIST, pushEvent(where), key);
  return listLength(list);
}

/**
 * Prepend elements (each in turn, so the last one given ends up first); creates the list.
 * Format: LPUSH key element [element ...]
 */
export function lpushCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return pushGeneric(ctx, argv, 'head', false);
}

/**
 * Append elements; creates the list.
 * Format: RPUSH key element [element ...]
 */
export function rpushCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return pushGeneric(ctx, argv, 'tail', false);
}

/**
 * Prepend elements only if the list exists; 0 otherwise.
 * Format: LPUSHX key element [element ...]
 */
export function lpushxCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return pushGeneric(ctx, argv, 'head', true);
}

/**
 * Append elements only if the list exists; 0 otherwise.
 * Format: RPUSHX key element [element ...]
 */
export function rpushxCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return pushGeneric(ctx, argv, 'tail', true);
}

/**
 * Insert an element before or after the first occurrence of a pivot: the new length, -1 when the
 * pivot is not found, 0 when the key does not exist.
 * Format: LINSERT key BEFORE|AFTER pivot element
 */
export function linsertCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const word = optionWord(argv[2] as Buffer);
  if (word !== 'BEFORE' && word !== 'AFTER') throw syntaxError();
  const key = keyOf(argv[1] as Buffer);
  const found = ctx.db.lookupWrite(key);
  if (found === undefined) return 0;
  const list = asList(found);
  if (!listInsert(list, keyOf(argv[3] as Buffer), keyOf(argv[4] as Buffer), word === 'AFTER')) return -1;
  ctx.db.touchWrite(key);
  ctx.notify(NOTIFY_LIST, 'linsert', key);
  return listLength(list);
}
