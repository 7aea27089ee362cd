// One CLIENT LIST / CLIENT INFO line.
// Mirrors: redis src/networking.c (catClientInfoString).
//
// Fields in Redis 7.0's order, so scripts that parse the line by position work. Fields that describe
// Redis's own buffers (rbs, rbp, obl, oll, multi-mem, the fixed part of tot-mem) are constants here:
// our reply buffer is one growable writer per client, not Redis's 16 KB buffer plus a reply list.

/** The client state the flags letters describe. */
export interface ClientFlagState {
  readonly monitor: boolean;
  readonly pubsub: boolean;
  readonly multi: boolean;
  readonly blocked: boolean;
  /** CLIENT TRACKING's state: flags t, R (broken redirect), B (broadcast). */
  readonly tracking: { readonly bcast: boolean; readonly brokenRedirect: boolean } | undefined;
  readonly dirtyCas: boolean;
  readonly closeAfterReply: boolean;
  readonly closeAsap: boolean;
  readonly unixSocket: boolean;
  readonly noEvict: boolean;
  /** A replica's connection (flag S; src/replication). */
  readonly replica?: boolean;
}

/** Redis's flag letters, in catClientInfoString's order; "N" when none applies. */
export function clientFlags(state: ClientFlagState): string {
  let flags = state.monitor ? 'O' : state.replica === true ? 'S' : '';
  if (state.pubsub) flags += 'P';
  if (state.multi) flags += 'x';
  if (state.blocked) flags += 'b';
  if (state.tracking !== undefined) {
    flags += 't';
    if (state.tracking.brokenRedirect) flags += 'R';
    if (state.tracking.bcast) flags += 'B';
  }
  if (state.dirtyCas) flags += 'd';
  if (state.closeAfterReply) flags += 'c';
  if (state.closeAsap) flags += 'A';
  if (state.unixSocket) flags += 'U';
  if (state.noEvict) flags += 'e';
  return flags === '' ? 'N' : flags;
}

export interface ClientInfo {
  readonly id: number;
  readonly addr: string;
  readonly laddr: string;
  readonly fd: number;
  readonly name: string;
  readonly ageSec: number;
  readonly idleSec: number;
  readonly flags: string;
  readonly db: number;
  readonly subscriptions: { readonly channels: { size: number }; readonly patterns: { size: number }; readonly shardChannels: { size: number } };
  /** Queued commands inside MULTI, -1 outside. */
  readonly multi: number;
  /** Unparsed input bytes. */
  readonly qbuf: number;
  /** Bytes of the command being run. */
  readonly argvMem: number;
  /** Unsent output bytes. */
  readonly omem: number;
  readonly cmd: string;
  readonly resp: 2 | 3;
  /** The ACL user's name (user=). */
  readonly user: string;
  /** CLIENT TRACKING's redirect: -1 when tracking is off, 0 without a redirect. */
  readonly redir: number;
}

/** Redis's query buffer starts at this size: qbuf-free is what is left of it. */
const QUERY_BUFFER_BYTES = 20474;
/** tot-mem's fixed part: what Redis reports for an idle client (the client struct and its buffers). */
const CLIENT_FIXED_BYTES = 22400;

export function formatClientInfo(c: ClientInfo): string {
  return [
    `id=${c.id}`,
    `addr=${c.addr}`,
    `laddr=${c.laddr}`,
    `fd=${c.fd}`,
    `name=${c.name}`,
    `age=${c.ageSec}`,
    `idle=${c.idleSec}`,
    `flags=${c.flags}`,
    `db=${c.db}`,
    `sub=${c.subscriptions.channels.size}`,
    `psub=${c.subscriptions.patterns.size}`,
    `ssub=${c.subscriptions.shardChannels.size}`,
    `multi=${c.multi}`,
    `qbuf=${c.qbuf}`,
    `qbuf-free=${Math.max(0, QUERY_BUFFER_BYTES - c.qbuf)}`,
    `argv-mem=${c.argvMem}`,
    'multi-mem=0',
    'rbs=1024',
    'rbp=0',
    'obl=0',
    'oll=0',
    `omem=${c.omem}`,
    `tot-mem=${CLIENT_FIXED_BYTES + c.qbuf + c.omem + c.argvMem}`,
    'events=r',
    `cmd=${c.cmd}`,
    `user=${c.user}`,
    `redir=${c.redir}`,
    `resp=${c.resp}`,
  ].join(' ');
}
