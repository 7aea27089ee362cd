// The watch over a running script: busy-reply-threshold, the BUSY state it puts the server in, and
// SCRIPT KILL / FUNCTION KILL.
// Mirrors: redis src/script.c (scriptInterrupt, enterScriptTimedoutMode, scriptKill),
// src/script_lua.c (luaMaskCountHook), src/server.c (shared.slowevalerr / slowscripterr and the
// CMD_ALLOW_BUSY check in processCommand), src/functions.c (functionStatsCommand's running_script).
//
// How it works here (docs/scripting.md, "Busy scripts"): the engine runs every script as a Lua
// coroutine with a count hook every HOOK_INSTRUCTIONS instructions. Until the threshold the hook
// only reads the clock. Past it, the script is "timed out": the server enters the busy state, and
// at each hook the coroutine yields, so the event loop runs between slices of the script. While
// busy, dispatch answers every command not flagged allow_busy with this run's BUSY error, and the
// caller's own pipeline waits (src/protocol/suspension.ts). SCRIPT KILL or FUNCTION KILL marks the
// run; the next hook raises an error the script cannot swallow (the hook then fires on every line,
// so a pcall that catches it meets it again on its next line), unless the script has already
// written, which cannot be undone: then the answer is UNKILLABLE and only SHUTDOWN NOSAVE helps.

import { ReplyError } from '../errors.js';
import { OK, map, type Reply } from '../protocol/reply.js';

/** Lua instructions between two looks at the clock (script_lua.c's lua_sethook count). */
export const HOOK_INSTRUCTIONS = 100000;

/** What other clients get while an EVAL (or EVALSHA) is busy (shared.slowevalerr). */
export const SLOW_EVAL_ERROR = new ReplyError('BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.');
/** ... and while a function is (shared.slowscripterr). */
export const SLOW_SCRIPT_ERROR = new ReplyError('BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.');

/** The error a killed script raises in itself (luaMaskCountHook's luaPushError + luaError). */
export const KILLED_MESSAGE = 'ERR Script killed by user with SCRIPT KILL...';

/** The server's busy state as dispatch sees it (ServerContext.busyScript). */
export interface BusyScript {
  /** The reply to a command that may not run now. */
  readonly error: ReplyError;
}

/** What the count hook should do next. */
export type HookAction = 'continue' | 'yield' | 'kill';

/** One script run: when it started, whether it timed out, whether someone asked to kill it. */
export class ScriptRun implements BusyScript {
  readonly error: ReplyError;
  private timedOut = false;
  private killRequested = false;
  /** A write command was called (SCRIPT_WRITE_DIRTY): the run can no longer be killed. */
  wrote = false;

  constructor(
    /** The sha1 of an EVAL, the function's name for FCALL (Redis's funcname). */
    readonly name: string,
    readonly isEval: boolean,
    /** The caller's argv (FUNCTION STATS shows it). */
    readonly argv: readonly Buffer[],
    private readonly startedAt: number,
    /** busy-reply-threshold in ms; 0 never times out (Redis sets no hook then). */
    private readonly thresholdMs: number,
  ) {
    this.error = isEval ? SLOW_EVAL_ERROR : SLOW_SCRIPT_ERROR;
  }

  durationMs(now: number): number {
    return Math.floor(now - this.startedAt);
  }

  /** scriptInterrupt: called at every count hook (and, after a kill, at every line). */
  check(now: number, log: (message: string) => void): HookAction {
    if (this.killRequested) {
      log('Lua script killed by user with SCRIPT KILL.');
      return 'kill';
    }
    if (!this.timedOut) {
      if (this.thresholdMs <= 0 || now - this.startedAt < this.thresholdMs) return 'continue';
      this.timedOut = true;
      log(
        `Slow script detected: still in execution after ${this.durationMs(now)} milliseconds. ` +
          `You can try killing the script using the ${this.isEval ? 'SCRIPT KILL' : 'FUNCTION KILL'} command. Script name is: ${this.name}.`,
      );
    }
    return 'yield';
  }

  /**
   * scriptKill, for SCRIPT KILL (`byEval`) or FUNCTION KILL: OK and the run is marked, or the
   * error Redis gives. Only reachable while the run is busy: before that nothing else runs.
   */
  kill(byEval: boolean): Reply {
    if (this.wrote) {
      throw new ReplyError(
        'UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.',
      );
    }
    // SCRIPT KILL does not stop a function, nor FUNCTION KILL an EVAL: each gets the other's BUSY text.
    if (byEval && !this.isEval) throw SLOW_SCRIPT_ERROR;
    if (!byEval && this.isEval) throw SLOW_EVAL_ERROR;
    this.killRequested = true;
    return OK;
  }

  /** FUNCTION STATS' running_script: name, command, duration_ms. */
  describe(now: number): Reply {
    return map(['name', this.name, 'command', [...this.argv], 'duration_ms', this.durationMs(now)]);
  }
}

/** SCRIPT KILL / FUNCTION KILL with no script running. */
export function notBusyError(): ReplyError {
  return new ReplyError('NOTBUSY No scripts in execution right now.');
}
