/**
 * Runs tasks one at a time, in the order they were submitted. Every command goes through one queue, which
 * makes each command atomic with respect to the others, as a document-level lock does on MongoDB.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => T | Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    // The next task waits for this one whether it succeeds or fails; the caller sees the failure.
    this.tail = result.catch(() => undefined);
    return result;
  }
}
