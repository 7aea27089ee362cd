// The RDB file's vocabulary: the format version, the object type bytes and the opcodes that frame
// a file. Mirrors: redis src/rdb.h (RDB_VERSION, RDB_TYPE_*, RDB_OPCODE_*, RDB_ENC_*, RDB_*BITLEN).
//
// An RDB file is a byte stream: "REDIS" + a 4-digit version, then a sequence of records, each
// introduced by one byte. A byte below 245 is an object type (a key/value pair follows); the
// bytes from 245 up are opcodes (select a db, an expiry for the next key, an AUX field, EOF ...).

/** The version Redis 7.0 writes ("REDIS0010"), and the highest it reads. */
export const RDB_VERSION = 10;

// --- Object types (the byte before a key, and the first byte of a DUMP payload) ---
export const RDB_TYPE_STRING = 0;
export const RDB_TYPE_LIST = 1;
export const RDB_TYPE_SET = 2;
export const RDB_TYPE_ZSET = 3;
export const RDB_TYPE_HASH = 4;
/** ZSET with binary (8-byte IEEE) scores instead of text. */
export const RDB_TYPE_ZSET_2 = 5;
export const RDB_TYPE_MODULE = 6;
export const RDB_TYPE_MODULE_2 = 7;
// 8 was never used.
export const RDB_TYPE_HASH_ZIPMAP = 9;
export const RDB_TYPE_LIST_ZIPLIST = 10;
export const RDB_TYPE_SET_INTSET = 11;
export const RDB_TYPE_ZSET_ZIPLIST = 12;
export const RDB_TYPE_HASH_ZIPLIST = 13;
export const RDB_TYPE_LIST_QUICKLIST = 14;
export const RDB_TYPE_STREAM_LISTPACKS = 15;
export const RDB_TYPE_HASH_LISTPACK = 16;
export const RDB_TYPE_ZSET_LISTPACK = 17;
export const RDB_TYPE_LIST_QUICKLIST_2 = 18;
export const RDB_TYPE_STREAM_LISTPACKS_2 = 19;

// --- Opcodes ---
export const RDB_OPCODE_FUNCTION2 = 245;
/** The 7.0 release candidates' function format; 7.0 GA refuses it too. */
export const RDB_OPCODE_FUNCTION = 246;
export const RDB_OPCODE_MODULE_AUX = 247;
export const RDB_OPCODE_IDLE = 248;
export const RDB_OPCODE_FREQ = 249;
export const RDB_OPCODE_AUX = 250;
export const RDB_OPCODE_RESIZEDB = 251;
export const RDB_OPCODE_EXPIRETIME_MS = 252;
export const RDB_OPCODE_EXPIRETIME = 253;
export const RDB_OPCODE_SELECTDB = 254;
export const RDB_OPCODE_EOF = 255;

// --- Length encoding: the top two bits of the first byte ---
export const RDB_6BITLEN = 0;
export const RDB_14BITLEN = 1;
export const RDB_32BITLEN = 0x80;
export const RDB_64BITLEN = 0x81;
/** 11xxxxxx: not a length but a special string encoding, chosen by the low six bits. */
export const RDB_ENCVAL = 3;
export const RDB_ENC_INT8 = 0;
export const RDB_ENC_INT16 = 1;
export const RDB_ENC_INT32 = 2;
export const RDB_ENC_LZF = 3;

// --- Quicklist node containers (QUICKLIST_2) ---
export const QUICKLIST_NODE_CONTAINER_PLAIN = 1;
export const QUICKLIST_NODE_CONTAINER_PACKED = 2;

// --- Old-style text doubles (RDB_TYPE_ZSET): one length byte, or one of these markers ---
export const RDB_DOUBLE_NAN = 253;
export const RDB_DOUBLE_POS_INF = 254;
export const RDB_DOUBLE_NEG_INF = 255;
