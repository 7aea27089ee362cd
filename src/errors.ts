// Every error reply the server sends, built in one place so the wire text matches Redis exactly.
// Messages may embed user input as is: the reply writer makes the one-line wire form (cut at NUL,
// trailing CR/LF trimmed, inner CR/LF as spaces), as Redis's addReplyErrorFormat does.
// Mirrors: redis src/server.c (createSharedObjects: shared.wrongtypeerr, shared.syntaxerr ...) and the
// addReplyError* call sites of each command.

/**
 * A reply error: `message` is the exact wire text without the leading '-' (e.g.
 * `ERR syntax error`). Deep code may throw it; dispatch turns it into an error reply. It is also a
 * valid Reply value (see protocol/reply.ts), which is how EXEC fills one failed slot.
 */
export class ReplyError extends Error {
  readonly kind = 'error';
  constructor(message: string) {
    super(message);
    this.name = 'ReplyError';
  }
}

// Errors are not a hot path, but WRONGTYPE and syntax errors can be frequent in some loads; the
// constructors stay cheap because Error.captureStackTrace is only paid when a ReplyError is built.

export const wrongTypeError = (): ReplyError =>
  new ReplyError('WRONGTYPE Operation against a key holding the wrong kind of value');
export const syntaxError = (): ReplyError => new ReplyError('ERR syntax error');
export const notIntegerError = (): ReplyError => new ReplyError('ERR value is not an integer or out of range');
export const notFloatError = (): ReplyError => new ReplyError('ERR value is not a valid float');
export const outOfRangeError = (): ReplyError => new ReplyError('ERR index out of range');
export const noSuchKeyError = (): ReplyError => new ReplyError('ERR no such key');
export const overflowError = (): ReplyError => new ReplyError('ERR increment or decrement would overflow');
export const dbIndexOutOfRangeError = (): ReplyError => new ReplyError('ERR DB index is out of range');
export const invalidDbIndexError = (): ReplyError => new ReplyError('ERR invalid DB index');
export const sameObjectError = (): ReplyError =>
  new ReplyError('ERR source and destination objects are the same');
export const noAuthError = (): ReplyError => new ReplyError('NOAUTH Authentication required.');
export const wrongPassError = (): ReplyError =>
  new ReplyError('WRONGPASS invalid username-password pair or user is disabled.');
export const maxClientsError = (): ReplyError => new ReplyError('ERR max number of clients reached');
export const timeoutNegativeError = (): ReplyError => new ReplyError('ERR timeout is negative');
export const invalidExpireError = (command: string): ReplyError =>
  new ReplyError(`ERR invalid expire time in '${command}' command`);
export const oomError = (): ReplyError =>
  new ReplyError("OOM command not allowed when used memory > 'maxmemory'.");
// String family (t_string.c): SETRANGE/APPEND size and offset, DECRBY, INCRBYFLOAT, LCS.
export const stringTooLongError = (): ReplyError =>
  new ReplyError('ERR string exceeds maximum allowed size (proto-max-bulk-len)');
export const offsetOutOfRangeError = (): ReplyError => new ReplyError('ERR offset is out of range');
export const decrementOverflowError = (): ReplyError => new ReplyError('ERR decrement would overflow');
export const nanOrInfinityError = (): ReplyError => new ReplyError('ERR increment would produce NaN or Infinity');
export const lcsNotStringError = (): ReplyError => new ReplyError('ERR The specified keys must contain string values');
export const lcsLenAndIdxError = (): ReplyError =>
  new ReplyError('ERR If you want both the length and indexes, please just use IDX.');
export const lcsNoMemoryError = (): ReplyError =>
  new ReplyError('ERR Insufficient memory, failed allocating transient memory for LCS');

// --- Keyspace and expiry commands (db.c, expire.c, object.c) ---

/** getIntFromObjectOrReply without a custom message, for a value outside a C int (MOVE, COPY DB). */
export const notInt32Error = (): ReplyError =>
  new ReplyError('ERR value is out of range, value must between -2147483648 and 2147483647');
/** parseScanCursorOrReply. */
export const invalidCursorError = (): ReplyError => new ReplyError('ERR invalid cursor');
/** SWAPDB's two index arguments. */
export const invalidFirstDbIndexError = (): ReplyError => new ReplyError('ERR invalid first DB index');
export const invalidSecondDbIndexError = (): ReplyError => new ReplyError('ERR invalid second DB index');
/** EXPIRE's NX/XX/GT/LT parser (parseExtendedExpireArgumentsOrReply); echoes the option as typed. */
export const unsupportedOptionError = (option: Buffer): ReplyError =>
  new ReplyError(`ERR Unsupported option ${cString(option)}`);

/** An argument as Redis's %s prints it: a C string, which ends at its first NUL. */
export function cString(arg: Buffer): string {
  const nul = arg.indexOf(0);
  return arg.toString('latin1', 0, nul === -1 ? arg.length : nul);
}
export const nxXxGtLtIncompatibleError = (): ReplyError =>
  new ReplyError('ERR NX and XX, GT or LT options at the same time are not compatible');
export const gtLtIncompatibleError = (): ReplyError =>
  new ReplyError('ERR GT and LT options at the same time are not compatible');
/** OBJECT FREQ without an LFU policy, and OBJECT IDLETIME with one. */
export const lfuNotSelectedError = (): ReplyError =>
  new ReplyError(
    'ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.',
  );
export const lfuSelectedError = (): ReplyError =>
  new ReplyError(
    'ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.',
  );

// --- List commands (t_list.c) and blocking timeouts (timeout.c) ---

/** getPositiveLongFromObjectOrReply without a custom message (LPOP/RPOP's count). */
export const notPositiveError = (): ReplyError => new ReplyError('ERR value is out of range, must be positive');
/** getTimeoutFromObjectOrReply: the timeout of BLPOP and friends is not a number. */
export const timeoutNotFloatError = (): ReplyError => new ReplyError('ERR timeout is not a float or out of range');
export const lposRankZeroError = (): ReplyError =>
  new ReplyError(
    "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list",
  );
export const lposCountNegativeError = (): ReplyError => new ReplyError("ERR COUNT can't be negative");
export const lposMaxlenNegativeError = (): ReplyError => new ReplyError("ERR MAXLEN can't be negative");
/** LMPOP / BLMPOP (and the sorted-set ZMPOP family): numkeys below 1 or not a number. */
export const numkeysNotPositiveError = (): ReplyError => new ReplyError('ERR numkeys should be greater than 0');
/** LMPOP / BLMPOP COUNT below 1 or not a number. */
export const countNotPositiveError = (): ReplyError => new ReplyError('ERR count should be greater than 0');

// --- Hash and set commands (t_hash.c, t_set.c) ---

/** HINCRBY on a field whose value is not an integer. */
export const hashValueNotIntegerError = (): ReplyError => new ReplyError('ERR hash value is not an integer');
/** HINCRBYFLOAT on a field whose value is not a float. */
export const hashValueNotFloatError = (): ReplyError => new ReplyError('ERR hash value is not a float');
/** HINCRBYFLOAT's increment is an infinity (a NaN does not even parse). */
export const incrementNanOrInfinityError = (): ReplyError => new ReplyError('ERR value is NaN or Infinity');
/** HRANDFIELD WITHVALUES with a count beyond ±LONG_MAX/2 (count * 2 would overflow). */
export const valueOutOfRangeError = (): ReplyError => new ReplyError('ERR value is out of range');
/** getRangeLongFromObjectOrReply(-LONG_MAX, LONG_MAX): SRANDMEMBER/HRANDFIELD/ZRANDMEMBER given LONG_MIN. */
export const notInLongRangeError = (): ReplyError =>
  new ReplyError('ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807');
/** SINTERCARD / ZINTERCARD / LMPOP-style numkeys larger than the arguments that follow. */
export const numkeysTooBigError = (): ReplyError =>
  new ReplyError("ERR Number of keys can't be greater than number of args");
/** SINTERCARD / ZINTERCARD LIMIT below 0 or not a number. */
export const limitNegativeError = (): ReplyError => new ReplyError("ERR LIMIT can't be negative");

// --- Sorted set commands (t_zset.c) ---

export const zaddNxXxError = (): ReplyError => new ReplyError('ERR XX and NX options at the same time are not compatible');
export const zaddGtLtNxError = (): ReplyError =>
  new ReplyError('ERR GT, LT, and/or NX options at the same time are not compatible');
export const zaddIncrPairError = (): ReplyError =>
  new ReplyError('ERR INCR option supports a single increment-element pair');
/** ZADD INCR / ZINCRBY adding -inf to inf. */
export const zsetNanScoreError = (): ReplyError => new ReplyError('ERR resulting score is not a number (NaN)');
/** zslParseRange failed (ZRANGEBYSCORE, ZCOUNT, ZREMRANGEBYSCORE, ZRANGE BYSCORE). */
export const zsetMinMaxNotFloatError = (): ReplyError => new ReplyError('ERR min or max is not a float');
/** zslParseLexRange failed (ZRANGEBYLEX, ZLEXCOUNT, ZREMRANGEBYLEX, ZRANGE BYLEX). */
export const zsetMinMaxNotStringRangeError = (): ReplyError =>
  new ReplyError('ERR min or max not valid string range item');
export const zrangeLimitWithRankError = (): ReplyError =>
  new ReplyError('ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX');
export const zrangeWithscoresWithLexError = (): ReplyError =>
  new ReplyError('ERR syntax error, WITHSCORES not supported in combination with BYLEX');
/** ZUNION / ZINTER ... WEIGHTS with a weight getDoubleFromObject refuses. */
export const weightNotFloatError = (): ReplyError => new ReplyError('ERR weight value is not a float');
/** ZUNION / ZINTER / ZDIFF / ZINTERCARD (and their STORE forms) with numkeys below 1. */
export const atLeastOneInputKeyError = (command: string): ReplyError =>
  new ReplyError(`ERR at least 1 input key is needed for '${command}' command`);

// --- Geo commands (geo.c) ---

/** extractLongLatOrReply: the pair printed with printf's "%f" (the caller formats them). */
export const geoInvalidLongLatError = (longitude: string, latitude: string): ReplyError =>
  new ReplyError(`ERR invalid longitude,latitude pair ${longitude},${latitude}`);
export const geoUnsupportedUnitError = (): ReplyError =>
  new ReplyError('ERR unsupported unit provided. please use M, KM, FT, MI');
/** A radius, width or height that is not a float: "need numeric radius" ... */
export const geoNeedNumericError = (what: 'radius' | 'width' | 'height'): ReplyError =>
  new ReplyError(`ERR need numeric ${what}`);
export const geoRadiusNegativeError = (): ReplyError => new ReplyError('ERR radius cannot be negative');
export const geoBoxNegativeError = (): ReplyError => new ReplyError('ERR height or width cannot be negative');
export const geoMemberNotFoundError = (): ReplyError => new ReplyError('ERR could not decode requested zset member');
export const geoCountNotPositiveError = (): ReplyError => new ReplyError('ERR COUNT must be > 0');
export const geoAnyWithoutCountError = (): ReplyError => new ReplyError('ERR the ANY argument requires COUNT argument');
/** STORE / STOREDIST (or GEOSEARCHSTORE) with WITHDIST, WITHHASH or WITHCOORD. */
export const geoStoreWithOptionsError = (what: 'GEOSEARCHSTORE' | 'STORE option in GEORADIUS'): ReplyError =>
  new ReplyError(`ERR ${what} is not compatible with WITHDIST, WITHHASH and WITHCOORD options`);
/** GEOSEARCH without a centre; `command` is argv[0] as the client typed it. */
export const geoFromRequiredError = (command: string): ReplyError =>
  new ReplyError(`ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for ${command}`);
/** GEOSEARCH without a shape. */
export const geoByRequiredError = (command: string): ReplyError =>
  new ReplyError(`ERR exactly one of BYRADIUS and BYBOX can be specified for ${command}`);

// --- Server and client commands (server.c, networking.c, config.c, slowlog.c, debug.c) ---

/** CLIENT SETNAME / HELLO SETNAME with a space or a byte outside '!'..'~' (validateClientName). */
export const invalidClientNameError = (): ReplyError =>
  new ReplyError('ERR Client names cannot contain spaces, newlines or special characters.');
/** CLIENT KILL ip:port (the old form) matched nobody. */
export const noSuchClientError = (): ReplyError => new ReplyError('ERR No such client');
/** CLIENT KILL ID with a value that is not an integer above 0. */
export const clientIdNotPositiveError = (): ReplyError => new ReplyError('ERR client-id should be greater than 0');
/** CLIENT LIST ID with a value that is not an integer. */
export const invalidClientIdError = (): ReplyError => new ReplyError('ERR Invalid client ID');
/** CLIENT LIST TYPE / CLIENT KILL TYPE with a name getClientTypeByName does not know; echoes it. */
export const unknownClientTypeError = (type: Buffer): ReplyError =>
  new ReplyError(`ERR Unknown client type '${type.toString('latin1')}'`);
/** CLIENT KILL USER naming a user the ACL does not have; echoes it. */
export const noSuchUserError = (user: Buffer): ReplyError =>
  new ReplyError(`ERR No such user '${user.toString('latin1')}'`);
/** CONFIG REWRITE when the server was started without a config file. */
export const noConfigFileError = (): ReplyError => new ReplyError('ERR The server is running without a config file');
/** SLOWLOG GET with a count that is not an integer >= -1. */
export const slowlogCountError = (): ReplyError => new ReplyError('ERR count should be greater than or equal to -1');
/** SHUTDOWN ABORT when no shutdown is waiting for replicas. */
export const noShutdownInProgressError = (): ReplyError => new ReplyError('ERR No shutdown in progress.');

/**
 * A container's subcommand got arguments its handler does not accept (addReplySubcommandSyntaxError):
 * `ERR unknown subcommand or wrong number of arguments for 'get'. Try SLOWLOG HELP.`
 */
export function subcommandSyntaxError(sub: Buffer, container: string): ReplyError {
  return new ReplyError(
    `ERR unknown subcommand or wrong number of arguments for '${truncate(sub)}'. Try ${container.toUpperCase()} HELP.`,
  );
}

export function wrongArityError(commandName: string): ReplyError {
  return new ReplyError(`ERR wrong number of arguments for '${commandName}' command`);
}

/** `ERR unknown command 'foo', with args beginning with: 'a' 'b' ` (Redis quotes each argument, max 128 chars). */
export function unknownCommandError(name: Buffer, args: readonly Buffer[]): ReplyError {
  // Redis (processCommand) quotes each argument and stops once the quoted list reaches 128 bytes,
  // cutting the last argument so the list stays near that size.
  let quoted = '';
  for (const arg of args) {
    if (quoted.length >= 128) break;
    const nul = arg.indexOf(0);
    const end = Math.min(128 - quoted.length, nul === -1 ? arg.length : nul);
    quoted += `'${arg.subarray(0, end).toString('latin1')}' `;
  }
  return new ReplyError(`ERR unknown command '${truncate(name)}', with args beginning with: ${quoted}`);
}

/** `ERR unknown subcommand 'foo'. Try CONFIG HELP.` */
export function unknownSubcommandError(sub: Buffer, container: string): ReplyError {
  return new ReplyError(
    `ERR unknown subcommand '${truncate(sub)}'. Try ${container.toUpperCase()} HELP.`,
  );
}

/** Redis prints user input with %.128s: at most 128 bytes, and a C string ends at its first NUL. */
function truncate(buf: Buffer): string {
  const nul = buf.indexOf(0);
  return buf.subarray(0, Math.min(128, nul === -1 ? buf.length : nul)).toString('latin1');
}


// --- Snapshots (rdb.c bgsaveCommand/saveCommand, server.c processCommand and shutdownCommand) ---

export const bgsaveInProgressError = (): ReplyError => new ReplyError('ERR Background save already in progress');
export const aofChildActiveBgsaveError = (): ReplyError =>
  new ReplyError("ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.");
export const aofRewriteInProgressError = (): ReplyError => new ReplyError('ERR Background append only file rewriting already in progress');
export const aofRewriteFailedError = (): ReplyError =>
  new ReplyError("ERR Can't execute an AOF background rewriting. Please check the server logs for more information.");
/** shared.err: what SAVE and DEBUG RELOAD answer when writing the file failed (details go to the log). */
export const bareError = (): ReplyError => new ReplyError('ERR');
/** shared.bgsaveerr: writes (and PING) refused after a failed save with stop-writes-on-bgsave-error. */
export const bgsaveMisconfError = (): ReplyError =>
  new ReplyError(
    "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error.",
  );
export const shutdownFailedError = (): ReplyError => new ReplyError('ERR Errors trying to SHUTDOWN. Check logs.');
/** A write to the AOF failed (processCommand, DISK_ERROR_TYPE_AOF); `reason` is strerror's text. */
export const aofMisconfError = (reason: string): ReplyError => new ReplyError(`MISCONF Errors writing to the AOF file: ${reason}`);

// --- DUMP / RESTORE (cluster.c restoreCommand, verifyDumpPayload) ---

export const busyKeyError = (): ReplyError => new ReplyError('BUSYKEY Target key name already exists.');
export const invalidRestoreTtlError = (): ReplyError => new ReplyError('ERR Invalid TTL value, must be >= 0');
export const invalidIdletimeError = (): ReplyError => new ReplyError('ERR Invalid IDLETIME value, must be >= 0');
export const invalidFreqError = (): ReplyError => new ReplyError('ERR Invalid FREQ value, must be >= 0 and <= 255');
export const dumpPayloadError = (): ReplyError => new ReplyError('ERR DUMP payload version or checksum are wrong');
export const badDataFormatError = (): ReplyError => new ReplyError('ERR Bad data format');

// --- Bitmaps (bitops.c) ---
export const bitOffsetError = (): ReplyError => new ReplyError('ERR bit offset is not an integer or out of range');
export const bitValueError = (): ReplyError => new ReplyError('ERR bit is not an integer or out of range');
/** SORT: a weight (the element, or its BY value) that strtod cannot read as a double, or NaN, or out of range. */
export const sortScoreError = (): ReplyError => new ReplyError("ERR One or more scores can't be converted into double");
export const bitArgumentError = (): ReplyError => new ReplyError('ERR The bit argument must be 1 or 0.');
export const bitfieldTypeError = (): ReplyError =>
  new ReplyError('ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.');
export const bitfieldOverflowTypeError = (): ReplyError => new ReplyError('ERR Invalid OVERFLOW type specified');
export const bitfieldReadonlyError = (): ReplyError => new ReplyError('ERR BITFIELD_RO only supports the GET subcommand');
export const bitopNotSingleKeyError = (): ReplyError =>
  new ReplyError('ERR BITOP NOT must be called with a single source key.');

// --- HyperLogLog (hyperloglog.c) ---
export const hllWrongTypeError = (): ReplyError => new ReplyError('WRONGTYPE Key is not a valid HyperLogLog string value.');
export const hllInvalidObjError = (): ReplyError => new ReplyError('INVALIDOBJ Corrupted HLL object detected');
export const pfdebugNoKeyError = (): ReplyError => new ReplyError('ERR The specified key does not exist');
export const pfdebugNotSparseError = (): ReplyError => new ReplyError('ERR HLL encoding is not sparse');
export const pfdebugUnknownSubcommandError = (name: string): ReplyError =>
  new ReplyError(`ERR Unknown PFDEBUG subcommand '${name}'`);
/** PFSELFTEST's failure reports ("TESTFAILED ..."), sent as the error code they start with. */
export const hllSelfTestError = (text: string): ReplyError => new ReplyError(text);

// --- Streams (t_stream.c) ---
export const streamInvalidIdError = (): ReplyError => new ReplyError('ERR Invalid stream ID specified as stream command argument');
export const xaddIdZeroError = (): ReplyError => new ReplyError('ERR The ID specified in XADD must be greater than 0-0');
export const xaddIdTooSmallError = (): ReplyError =>
  new ReplyError('ERR The ID specified in XADD is equal or smaller than the target stream top item');
export const xaddExhaustedError = (): ReplyError =>
  new ReplyError('ERR The stream has exhausted the last possible ID, unable to add more items');
export const xaddTooLargeError = (): ReplyError => new ReplyError('ERR Elements are too large to be stored');
export const streamMaxlenNegativeError = (): ReplyError => new ReplyError('ERR The MAXLEN argument must be >= 0.');
export const streamLimitNegativeError = (): ReplyError => new ReplyError('ERR The LIMIT argument must be >= 0.');
export const streamMaxlenMinidError = (): ReplyError =>
  new ReplyError('ERR syntax error, MAXLEN and MINID options at the same time are not compatible');
export const streamLimitWithoutStrategyError = (): ReplyError =>
  new ReplyError('ERR syntax error, LIMIT cannot be used without specifying a trimming strategy');
export const streamLimitWithoutApproxError = (): ReplyError =>
  new ReplyError('ERR syntax error, LIMIT cannot be used without the special ~ option');
export const xtrimNoStrategyError = (): ReplyError => new ReplyError('ERR syntax error, XTRIM must be called with a trimming strategy');
export const streamStartIntervalError = (): ReplyError => new ReplyError('ERR invalid start ID for the interval');
export const streamEndIntervalError = (): ReplyError => new ReplyError('ERR invalid end ID for the interval');
export const xsetidSmallerError = (): ReplyError =>
  new ReplyError('ERR The ID specified in XSETID is smaller than the target stream top item');
export const xsetidEntriesAddedError = (): ReplyError =>
  new ReplyError('ERR The entries_added specified in XSETID is smaller than the target stream length');
export const xsetidMaxDeletedError = (): ReplyError =>
  new ReplyError('ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id');
export const xsetidEntriesAddedNegativeError = (): ReplyError => new ReplyError('ERR entries_added must be positive');
export const streamTimeoutNotIntegerError = (): ReplyError => new ReplyError('ERR timeout is not an integer or out of range');
export const xreadUnbalancedError = (): ReplyError =>
  new ReplyError("ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.");
export const xreadGroupOptionError = (): ReplyError =>
  new ReplyError('ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.');
export const xreadNoackOptionError = (): ReplyError =>
  new ReplyError('ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.');
export const xreadgroupMissingGroupError = (): ReplyError => new ReplyError('ERR Missing GROUP option for XREADGROUP');
export const xreadgroupDollarError = (): ReplyError =>
  new ReplyError(
    'ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by ' +
      'specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.',
  );
export const xreadGreaterThanError = (): ReplyError =>
  new ReplyError('ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.');
export const xreadgroupNoGroupError = (key: Buffer, group: Buffer): ReplyError =>
  new ReplyError(`NOGROUP No such key '${cString(key)}' or consumer group '${cString(group)}' in XREADGROUP with GROUP option`);
export const xreadgroupGroupGoneError = (): ReplyError =>
  new ReplyError('NOGROUP the consumer group this client was blocked on no longer exists');
export const streamNoGroupError = (key: Buffer, group: Buffer): ReplyError =>
  new ReplyError(`NOGROUP No such key '${cString(key)}' or consumer group '${cString(group)}'`);
export const xgroupNoGroupError = (group: Buffer, key: Buffer): ReplyError =>
  new ReplyError(`NOGROUP No such consumer group '${cString(group)}' for key name '${cString(key)}'`);
export const xgroupKeyMissingError = (): ReplyError =>
  new ReplyError(
    'ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM ' +
      'option to create an empty stream automatically.',
  );
export const busyGroupError = (): ReplyError => new ReplyError('BUSYGROUP Consumer Group name already exists');
export const entriesReadError = (): ReplyError => new ReplyError('ERR value for ENTRIESREAD must be positive or -1');
export const xclaimMinIdleError = (command: string): ReplyError =>
  new ReplyError(`ERR Invalid min-idle-time argument for ${command}`);
export const xclaimOptionError = (option: Buffer): ReplyError => new ReplyError(`ERR Unrecognized XCLAIM option '${cString(option)}'`);
export const xclaimIdleError = (): ReplyError => new ReplyError('ERR Invalid IDLE option argument for XCLAIM');
export const xclaimTimeError = (): ReplyError => new ReplyError('ERR Invalid TIME option argument for XCLAIM');
export const xautoclaimCountError = (): ReplyError => new ReplyError('ERR COUNT must be > 0');

/** A client's write on a replica with replica-read-only yes (shared.roslaveerr). */
export function readOnlyReplicaError(): ReplyError {
  return new ReplyError("READONLY You can't write against a read only replica.");
}

/** A write on a master with fewer good replicas than min-replicas-to-write (shared.noreplicaserr). */
export function noReplicasError(): ReplyError {
  return new ReplyError('NOREPLICAS Not enough good replicas to write.');
}

/** A non-stale command while the replica's link is down and replica-serve-stale-data is no (shared.masterdownerr). */
export function masterDownError(): ReplyError {
  return new ReplyError("MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.");
}
