/** One-at-a-time execution: the in-process VM's state must not see two transactions interleave. */
export type Serial = <T>(work: () => Promise<T>) => Promise<T>

/** A queue running each piece of work after the previous one settled, whatever its outcome. */
export function serial(): Serial {
  let tail: Promise<unknown> = Promise.resolve()
  return <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work, work)
    tail = run.catch(() => undefined)
    return run
  }
}
