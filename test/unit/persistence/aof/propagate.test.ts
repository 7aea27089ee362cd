import { describe, expect, it } from 'vitest';
import { PropagationFeed, type PropagatedOp } from '../../../../src/persistence/aof/propagate.js';

const b = (...args: string[]): Buffer[] => args.map((a) => Buffer.from(a));
const show = (units: PropagatedOp[][]): string[][] =>
  units.map((unit) => unit.map((op) => `${op.db}:${op.argv.map((a) => a.toString()).join(' ')}`));

/** A feed plus a fake `dirty` counter and a recorder of the units it hands over. */
function setup(): { feed: PropagationFeed; units: PropagatedOp[][]; run: (argv: Buffer[], body: () => void, db?: number) => void; state: { dirty: number } } {
  const feed = new PropagationFeed();
  const units: PropagatedOp[][] = [];
  feed.addConsumer((ops) => units.push([...ops]));
  const state = { dirty: 0 };
  const run = (argv: Buffer[], body: () => void, db = 0): void => {
    const mark = feed.beginCommand(state.dirty);
    body();
    feed.endCommand(mark, state.dirty, db, argv);
  };
  return { feed, units, run, state };
}

describe('propagation feed', () => {
  it('logs a command that changed the dataset as sent, and one that did not not at all', () => {
    const { units, run, state } = setup();
    run(b('GET', 'k'), () => {});
    run(b('SET', 'k', 'v'), () => state.dirty++);
    expect(show(units)).toEqual([['0:SET k v']]);
  });

  it('a rewritten command is logged as its rewrite; several rewrites are wrapped in MULTI/EXEC', () => {
    const { feed, units, run, state } = setup();
    run(b('EXPIRE', 'k', '10'), () => {
      state.dirty++;
      feed.propagateAs([b('PEXPIREAT', 'k', '1000')]);
    });
    run(b('SPOP', 's', '2'), () => {
      state.dirty += 2;
      feed.propagateAs([b('SREM', 's', 'a'), b('SREM', 's', 'b')]);
    }, 3);
    expect(show(units)).toEqual([['0:PEXPIREAT k 1000'], ['3:MULTI', '3:SREM s a', '3:SREM s b', '-1:EXEC']]);
  });

  it('nested commands (EXEC, a script) make one unit; the outer command itself is not logged', () => {
    const { units, run, state } = setup();
    run(b('EXEC'), () => {
      run(b('SET', 'a', '1'), () => state.dirty++);
      run(b('GET', 'a'), () => {});
      run(b('INCR', 'n'), () => state.dirty++, 1);
    });
    run(b('EVAL', '...', '0'), () => {
      run(b('SET', 'only', 'one'), () => state.dirty++);
    });
    run(b('EXEC'), () => run(b('GET', 'a'), () => {}));
    expect(show(units)).toEqual([['0:MULTI', '0:SET a 1', '1:INCR n', '-1:EXEC'], ['0:SET only one']]);
  });

  it('a deletion by expiry goes out at once, ahead of the command, and does not make a read command logged', () => {
    const { feed, units, run, state } = setup();
    run(b('GET', 'old'), () => {
      state.dirty++; // the keyspace counts the expired key's removal as a change
      feed.propagateDeletion(2, 'old');
    });
    run(b('EXEC'), () => {
      run(b('GET', 'old2'), () => {
        state.dirty++;
        feed.propagateDeletion(0, 'old2');
      });
      run(b('SET', 'x', '1'), () => state.dirty++);
    });
    expect(show(units)).toEqual([['2:DEL old'], ['0:DEL old2'], ['0:SET x 1']]);
  });

  it('also-propagated commands come before the command itself in its unit', () => {
    const { feed, units, run, state } = setup();
    run(b('CMD', 'k'), () => {
      feed.alsoPropagate(0, b('DEL', 'other'));
      state.dirty++;
    });
    expect(show(units)).toEqual([['0:MULTI', '0:DEL other', '0:CMD k', '-1:EXEC']]);
  });

  it('a rewrite to nothing logs nothing; FLUSHALL-style forced propagation works without dirty', () => {
    const { feed, units, run, state } = setup();
    run(b('X'), () => {
      state.dirty++;
      feed.propagateAs([]);
    });
    run(b('FLUSHALL'), () => feed.propagateAs([b('FLUSHALL')]));
    expect(show(units)).toEqual([['0:FLUSHALL']]);
  });
});
