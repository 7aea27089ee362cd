// The Lua engine: wasmoon's WebAssembly build of the reference C Lua (5.4), driven through its raw C
// API so strings cross the bridge as bytes, never as UTF-8 text.
// Mirrors: redis deps/lua (the embedded interpreter) and the C-API half of src/script_lua.c.
//
// Why this engine: docs/scripting.md measures wasmoon, fengari and a Lua 5.1 wasm build. wasmoon was
// the fastest per call (~2 µs for an EVALSHA-sized round trip), is the real C interpreter (C number
// formatting, 64-bit integers) and exposes the whole C API, including lua_pushcclosure for our
// redis.call and lua_pushlstring for binary-safe strings. The price: WebAssembly instantiation is
// asynchronous (16-22 ms here, bench/results/startup-*.md), and Lua 5.4 is not Lua 5.1 (the sandbox
// prelude patches the gaps).
//
// Loading is lazy and in the background: wasmoon is imported dynamically (importing tsredis does
// not pay for it), once per process, when the first server starts listening (loadLuaRuntime). The
// server does not wait for it: a client whose command needs Lua before it is ready is postponed
// until it is (src/server/lua-wait.ts), and everyone else is served at once.

import type { LuaFactory as LuaFactoryType } from 'wasmoon';
import { ReplyError } from '../errors.js';

/** The raw C entry points we call. Pointers and lua_State* are numbers; lua_Integer is a bigint. */
export interface LuaModule {
  HEAPU8: Uint8Array;
  HEAPU32: Uint32Array;
  _malloc(bytes: number): number;
  _free(ptr: number): void;
  addFunction(fn: (...args: number[]) => number, signature: string): number;
  _luaL_newstate(): number;
  _luaL_openlibs(L: number): void;
  _lua_close(L: number): void;
  _lua_gettop(L: number): number;
  _lua_settop(L: number, top: number): void;
  _lua_type(L: number, idx: number): number;
  _lua_isinteger(L: number, idx: number): number;
  _lua_tointegerx(L: number, idx: number, isnum: number): bigint;
  _lua_tonumberx(L: number, idx: number, isnum: number): number;
  _lua_toboolean(L: number, idx: number): number;
  _lua_tolstring(L: number, idx: number, lenPtr: number): number;
  _lua_pushnil(L: number): void;
  _lua_pushinteger(L: number, n: bigint): void;
  _lua_pushnumber(L: number, n: number): void;
  _lua_pushboolean(L: number, b: number): void;
  _lua_pushlstring(L: number, ptr: number, len: number): number;
  _lua_pushcclosure(L: number, fn: number, upvalues: number): void;
  _lua_pushlightuserdata(L: number, p: number): void;
  _lua_pushvalue(L: number, idx: number): void;
  _lua_createtable(L: number, narr: number, nrec: number): void;
  _lua_rawseti(L: number, idx: number, n: bigint): void;
  _lua_rawgeti(L: number, idx: number, n: bigint): number;
  _lua_rawget(L: number, idx: number): number;
  _lua_rawset(L: number, idx: number): void;
  _lua_next(L: number, idx: number): number;
  _lua_setglobal(L: number, namePtr: number): void;
  _luaL_loadbufferx(L: number, ptr: number, len: number, namePtr: number, modePtr: number): number;
  _lua_pcallk(L: number, nargs: number, nresults: number, msgh: number, ctx: number, k: number): number;
  _luaL_ref(L: number, t: number): number;
  _lua_error(L: number): number;
  _lua_callk(L: number, nargs: number, nresults: number, ctx: number, k: number): void;
  _lua_rotate(L: number, idx: number, n: number): void;
  _lua_sethook(L: number, hook: number, mask: number, count: number): void;
  _lua_newthread(L: number): number;
  _lua_resume(L: number, from: number, nargs: number, nresultsPtr: number): number;
  _lua_yieldk(L: number, nresults: number, ctx: number, k: number): number;
  _lua_isyieldable(L: number): number;
  _lua_resetthread(L: number): number;
}

// Lua type tags (lua.h).
export const LUA_TNIL = 0;
export const LUA_TBOOLEAN = 1;
export const LUA_TNUMBER = 3;
export const LUA_TSTRING = 4;
export const LUA_TTABLE = 5;
export const LUA_TFUNCTION = 6;
/** lua.h LUA_REGISTRYINDEX for 5.4: -LUAI_MAXSTACK - 1000. */
export const LUA_REGISTRYINDEX = -1001000;
/** lua_upvalueindex(1). */
export const LUA_FIRST_UPVALUE = LUA_REGISTRYINDEX - 1;
export const LUA_MULTRET = -1;
/** lua.h hook masks: once every `count` instructions, and on each new line. */
export const LUA_MASKCOUNT = 1 << 3;
export const LUA_MASKLINE = 1 << 2;
/** lua.h thread status: lua_resume returns LUA_OK when the body returned, LUA_YIELD when it yielded. */
export const LUA_OK = 0;
export const LUA_YIELD = 1;

/**
 * Something that produces the Lua module: loadLuaRuntime by default; tests inject others (one that
 * rejects, to check the error replies; one that waits, to hold a server in its loading window).
 */
export type LuaLoader = () => Promise<LuaModule>;

let runtime: LuaModule | undefined;
let loading: Promise<LuaModule> | undefined;

/**
 * Import wasmoon and instantiate its WebAssembly module, once per process (every server shares the
 * module; each has its own Lua state). A failure is not cached: a later call tries again.
 */
export function loadLuaRuntime(): Promise<LuaModule> {
  if (loading === undefined) {
    loading = import('wasmoon')
      .then(({ LuaFactory }: { LuaFactory: typeof LuaFactoryType }) => new LuaFactory().getLuaModule())
      .then(
        (wasm) => {
          runtime = wasm.module as unknown as LuaModule;
          return runtime;
        },
        (err: unknown) => {
          loading = undefined;
          throw err;
        },
      );
  }
  return loading;
}

/** The loaded module, or undefined before loadLuaRuntime resolved. */
export function luaRuntime(): LuaModule | undefined {
  return runtime;
}

/**
 * One server's hold on the runtime: started once (at listen, or at the first need), then loaded or
 * failed. The load never rejects towards the server: a failure is kept, logged, and becomes the
 * error reply of every command that needs Lua, so the server keeps serving everything else.
 */
export class LuaRuntimeHandle {
  private loaded: LuaModule | undefined;
  private error: string | undefined;
  private loading: Promise<void> | undefined;

  constructor(private readonly onError: (message: string) => void) {}

  /**
   * Start loading (once); settles when loaded or failed. With the default loader and the module
   * already in the process (every server after the first), it is loaded at once, synchronously.
   */
  start(loader?: LuaLoader): Promise<void> {
    if (this.loading !== undefined) return this.loading;
    this.loaded = loader === undefined ? runtime : undefined;
    if (this.loaded !== undefined) {
      this.loading = Promise.resolve();
      return this.loading;
    }
    this.loading = (loader ?? loadLuaRuntime)().then(
      (m) => {
        this.loaded = m;
      },
      (err: unknown) => {
        this.error = err instanceof Error ? err.message : String(err);
        this.onError(this.error);
      },
    );
    return this.loading;
  }

  /** Loaded or failed: nothing to wait for any more (src/server/lua-wait.ts). */
  get settled(): boolean {
    return this.loaded !== undefined || this.error !== undefined;
  }

  /** The module; throws the error reply for a command that needs it when there is none. */
  module(): LuaModule {
    // A server that never started loading (no listen) can still use a module already in the process.
    if (this.loading === undefined) this.loaded ??= runtime;
    if (this.loaded !== undefined) return this.loaded;
    // DIFFERS FROM REDIS: Lua is linked into redis-server; ours is a WebAssembly module that can fail to load.
    throw new ReplyError(
      this.error === undefined
        ? 'ERR the Lua runtime is not loaded yet'
        : `ERR Lua scripting is unavailable: the Lua runtime failed to load (${this.error})`.replace(/[\r\n]/g, ' '),
    );
  }
}

/**
 * One Lua state plus the helpers that move bytes in and out of WebAssembly memory. The trick for
 * speed: one reusable scratch allocation for outgoing strings (grown on demand) and one 4-byte
 * cell for lua_tolstring's length, so a redis.call allocates nothing inside the VM but its strings.
 */
export class LuaState {
  readonly L: number;
  private scratch: number;
  private scratchBytes = 4096;
  private readonly lenCell: number;
  private readonly names = new Map<string, number>();

  constructor(readonly m: LuaModule) {
    this.L = m._luaL_newstate();
    m._luaL_openlibs(this.L);
    this.scratch = m._malloc(this.scratchBytes);
    this.lenCell = m._malloc(8);
  }

  close(): void {
    this.m._lua_close(this.L);
    this.m._free(this.scratch);
    this.m._free(this.lenCell);
    for (const ptr of this.names.values()) this.m._free(ptr);
  }

  /** A NUL-terminated constant (global names, chunk names), allocated once. */
  cstring(text: string): number {
    let ptr = this.names.get(text);
    if (ptr === undefined) {
      const bytes = Buffer.from(`${text}\0`, 'latin1');
      ptr = this.m._malloc(bytes.length);
      this.m.HEAPU8.set(bytes, ptr);
      this.names.set(text, ptr);
    }
    return ptr;
  }

  /** Copy bytes into the scratch area (growing it) and return its address. */
  private stage(bytes: Uint8Array): number {
    if (bytes.length > this.scratchBytes) {
      this.m._free(this.scratch);
      this.scratchBytes = Math.max(bytes.length, this.scratchBytes * 2);
      this.scratch = this.m._malloc(this.scratchBytes);
    }
    this.m.HEAPU8.set(bytes, this.scratch);
    return this.scratch;
  }

  pushBytes(L: number, bytes: Uint8Array): void {
    const ptr = this.stage(bytes);
    this.m._lua_pushlstring(L, ptr, bytes.length);
  }

  pushText(L: number, text: string): void {
    this.pushBytes(L, Buffer.from(text, 'latin1'));
  }

  /** The bytes of the string (or number, converted by Lua) at idx. */
  toBytes(L: number, idx: number): Buffer {
    const ptr = this.m._lua_tolstring(L, idx, this.lenCell);
    if (ptr === 0) return Buffer.alloc(0);
    const len = this.m.HEAPU32[this.lenCell >> 2] ?? 0;
    return Buffer.from(this.m.HEAPU8.subarray(ptr, ptr + len));
  }

  /** Compile a chunk; on failure the error message is on the stack and this returns it. */
  load(L: number, source: Uint8Array, chunkName: string): string | undefined {
    const ptr = this.stage(source);
    const status = this.m._luaL_loadbufferx(L, ptr, source.length, this.cstring(chunkName), this.cstring('t'));
    if (status === 0) return undefined;
    const message = this.toBytes(L, -1).toString('latin1');
    this.m._lua_settop(L, -2);
    return message;
  }
}
