// The replies of COMMAND INFO and COMMAND DOCS for one command (and its subcommands).
// Mirrors: redis src/server.c (addReplyCommandInfo, addReplyCommandKeySpecs, addReplyCommandDocs).

import { map, set, status, type Reply } from '../../protocol/reply.js';
import type { Command, CommandArgument, KeySpec } from '../types.js';
import { aclCategories, keySpecsOf, reportedFlags } from './derived.js';

// --- Replies ---

/** Documentation text as a bulk string; specs are JS strings, the wire gets UTF-8. */
const text = (value: string): Buffer => Buffer.from(value, 'utf8');

/** CommandGroup spells sorted sets with '_' (a TS-friendly name); Redis's wire name is "sorted-set". */
const groupName = (group: string): string => group.replace('_', '-');

function keySpecReply(ks: KeySpec): Reply {
  const items: Reply[] = [];
  if (ks.notes !== undefined) items.push('notes', text(ks.notes));
  items.push('flags', set(ks.flags.map(status)));
  const bs = ks.beginSearch;
  const bsSpec: Reply[] =
    bs.type === 'index' ? ['index', bs.index]
      : bs.type === 'keyword' ? ['keyword', text(bs.keyword), 'startfrom', bs.startfrom]
        : [];
  items.push('begin_search', map(['type', bs.type, 'spec', map(bsSpec)]));
  const fk = ks.findKeys;
  const fkSpec: Reply[] =
    fk.type === 'range' ? ['lastkey', fk.lastkey, 'keystep', fk.keystep, 'limit', fk.limit]
      : fk.type === 'keynum' ? ['keynumidx', fk.keynumidx, 'firstkey', fk.firstkey, 'keystep', fk.keystep]
        : [];
  items.push('find_keys', map(['type', fk.type, 'spec', map(fkSpec)]));
  return map(items);
}

/** The 10-element COMMAND INFO entry (addReplyCommandInfo). */
export function commandInfoReply(command: Command): Reply {
  const spec = command.spec;
  return [
    command.fullName,
    spec.arity,
    set(reportedFlags(spec).map(status)),
    spec.keys?.first ?? 0,
    spec.keys?.last ?? 0,
    spec.keys?.step ?? 0,
    set(aclCategories(spec).map((cat) => status(`@${cat}`))),
    set((spec.tips ?? []).map(text)),
    set(keySpecsOf(spec).map(keySpecReply)),
    command.subcommands === undefined ? set([]) : [...command.subcommands.values()].map(commandInfoReply),
  ];
}

function argumentReply(arg: CommandArgument): Reply {
  const items: Reply[] = ['name', text(arg.name), 'type', arg.type];
  if (arg.keySpecIndex !== undefined) items.push('key_spec_index', arg.keySpecIndex);
  if (arg.token !== undefined) items.push('token', text(arg.token));
  if (arg.summary !== undefined) items.push('summary', text(arg.summary));
  if (arg.since !== undefined) items.push('since', arg.since);
  if (arg.deprecatedSince !== undefined) items.push('deprecated_since', arg.deprecatedSince);
  if (arg.flags !== undefined && arg.flags.length > 0) items.push('flags', set(arg.flags.map(status)));
  if (arg.arguments !== undefined) items.push('arguments', arg.arguments.map(argumentReply));
  return map(items);
}

/** The COMMAND DOCS map of one command (addReplyCommandDocs), subcommands nested. */
export function commandDocsReply(command: Command): Reply {
  const spec = command.spec;
  const items: Reply[] = ['summary', text(spec.summary), 'since', spec.since, 'group', groupName(spec.group)];
  if (spec.complexity !== undefined) items.push('complexity', text(spec.complexity));
  if (spec.docFlags !== undefined && spec.docFlags.length > 0) items.push('doc_flags', set(spec.docFlags.map(status)));
  if (spec.deprecatedSince !== undefined) items.push('deprecated_since', spec.deprecatedSince);
  if (spec.replacedBy !== undefined) items.push('replaced_by', text(spec.replacedBy));
  if (spec.history !== undefined && spec.history.length > 0) {
    items.push('history', set(spec.history.map(([version, change]) => [version, text(change)])));
  }
  if (spec.arguments !== undefined && spec.arguments.length > 0) items.push('arguments', spec.arguments.map(argumentReply));
  if (command.subcommands !== undefined) {
    const subs: Reply[] = [];
    for (const sub of command.subcommands.values()) subs.push(sub.fullName, commandDocsReply(sub));
    items.push('subcommands', map(subs));
  }
  return map(items);
}
