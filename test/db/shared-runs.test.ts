import { batchedRunsStartingAfterCall, sharedRunsStartingAfterCall } from '../../src/db/shared-runs';

/** A run the test answers when it wants, to see who waits for what. */
function controlledOperation() {
  const started: Array<{ key: string; answer: (value: string) => void; fail: (error: Error) => void }> = [];
  const operation = (key: string) =>
    new Promise<string>((resolve, reject) => {
      started.push({ key, answer: resolve, fail: reject });
    });
  return { started, operation };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('runs shared by callers, each starting after its callers asked', () => {
  it('starts at once for a caller alone', async () => {
    const { started, operation } = controlledOperation();
    const run = sharedRunsStartingAfterCall(operation);

    const answer = run('poll-1');
    expect(started).toHaveLength(1);
    started[0].answer('first');

    expect(await answer).toBe('first');
  });

  it('gives callers who ask while a run is on its way one next run, started once that one is answered', async () => {
    const { started, operation } = controlledOperation();
    const run = sharedRunsStartingAfterCall(operation);

    const early = run('poll-1');
    const late = [run('poll-1'), run('poll-1'), run('poll-1')];
    await settle();
    // The late callers may have written something the first run started too early to see.
    expect(started).toHaveLength(1);

    started[0].answer('first');
    expect(await early).toBe('first');
    await settle();
    expect(started).toHaveLength(2);
    started[1].answer('second');

    expect(await Promise.all(late)).toEqual(['second', 'second', 'second']);
  });

  it('keeps the runs of different keys apart', async () => {
    const { started, operation } = controlledOperation();
    const run = sharedRunsStartingAfterCall(operation);

    const first = run('poll-1');
    const second = run('poll-2');
    expect(started.map((each) => each.key)).toEqual(['poll-1', 'poll-2']);
    started[1].answer('two');
    started[0].answer('one');

    expect(await Promise.all([first, second])).toEqual(['one', 'two']);
  });

  it('fails only the callers of the failed run: the next run still starts for those who waited', async () => {
    const { started, operation } = controlledOperation();
    const run = sharedRunsStartingAfterCall(operation);

    const failing = run('poll-1');
    const waiting = run('poll-1');
    started[0].fail(new Error('connexion perdue'));
    await expect(failing).rejects.toThrow('connexion perdue');
    await settle();
    started[1].answer('after the failure');

    expect(await waiting).toBe('after the failure');
  });

  it('turns an operation that throws at once into a failed run, and starts afresh at the next call', async () => {
    let calls = 0;
    const run = sharedRunsStartingAfterCall(async (key: string) => {
      calls += 1;
      if (calls === 1) throw new Error('refusé');
      return key;
    });
    const throwing = sharedRunsStartingAfterCall((): Promise<string> => {
      throw new Error('synchrone');
    });

    await expect(run('poll-1')).rejects.toThrow('refusé');
    expect(await run('poll-1')).toBe('poll-1');
    await expect(throwing(undefined)).rejects.toThrow('synchrone');
  });
});

describe('runs shared by callers who each want their own keys', () => {
  /** A read the test answers when it wants, with the keys it was started for. */
  function controlledRead() {
    const started: Array<{
      keys: string[];
      answer: (found: string[]) => void;
      fail: (error: Error) => void;
    }> = [];
    const read = (keys: string[]) =>
      new Promise<string[]>((resolve, reject) => {
        started.push({ keys, answer: resolve, fail: reject });
      });
    return { started, read };
  }

  it('starts at once with the keys of a caller alone', async () => {
    const { started, read } = controlledRead();
    const run = batchedRunsStartingAfterCall(read);

    const answer = run(['sophie:poll-1', 'sophie:poll-2']);
    expect(started.map((each) => each.keys)).toEqual([['sophie:poll-1', 'sophie:poll-2']]);
    started[0].answer(['sophie:poll-1']);

    expect(await answer).toEqual(['sophie:poll-1']);
  });

  it('sends the keys asked for while a read is on its way together, in one next read that answers them all', async () => {
    const { started, read } = controlledRead();
    const run = batchedRunsStartingAfterCall(read);

    const early = run(['sophie:poll-1']);
    const late = [run(['camille:poll-1']), run(['julien:poll-1', 'camille:poll-1'])];
    await settle();
    expect(started).toHaveLength(1);

    started[0].answer([]);
    expect(await early).toEqual([]);
    await settle();
    expect(started.map((each) => each.keys)).toEqual([
      ['sophie:poll-1'],
      ['camille:poll-1', 'julien:poll-1'],
    ]);
    started[1].answer(['julien:poll-1']);

    expect(await Promise.all(late)).toEqual([['julien:poll-1'], ['julien:poll-1']]);
  });

  it('fails only the callers of the failed read: those who asked meanwhile get the next one', async () => {
    const { started, read } = controlledRead();
    const run = batchedRunsStartingAfterCall(read);

    const failing = run(['sophie:poll-1']);
    const waiting = run(['camille:poll-1']);
    started[0].fail(new Error('connexion perdue'));
    await expect(failing).rejects.toThrow('connexion perdue');
    await settle();
    expect(started[1].keys).toEqual(['camille:poll-1']);
    started[1].answer(['camille:poll-1']);

    expect(await waiting).toEqual(['camille:poll-1']);
  });
});
