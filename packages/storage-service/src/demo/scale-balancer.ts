/**
 * A load balancer in the demo's process: a `fetch` for the client SDK that
 * sends each request to the next of several instances in turn, or to one
 * named instance while `pin` is set. The clients address one service (one
 * URL, one SIWE domain); which instance answers is the balancer's business.
 */
export interface Balancer {
  readonly fetch: typeof fetch
  /** Send every request to this instance (its index) until set back to `undefined`. */
  pin: number | undefined
  /** Take an instance (its index) out of the rotation, as a health check would once it stopped answering. */
  takeOut(index: number): void
  /** The index of the instance of each request, in order, since the last `served()`. */
  served(): number[]
}

export function balancer(origins: readonly string[]): Balancer {
  let next = 0
  let log: number[] = []
  const out = new Set<number>()
  const rotation = () => origins.map((_, index) => index).filter((index) => !out.has(index))
  const state: Balancer = {
    pin: undefined,
    takeOut: (index) => void out.add(index),
    served() {
      const served = log
      log = []
      return served
    },
    fetch: (input, init) => {
      const live = rotation()
      const index = state.pin ?? live[next++ % live.length]!
      log.push(index)
      // The SDK calls fetch(url, init); a Request's own URL is rewritten the same way.
      const target = new URL(input instanceof Request ? input.url : input)
      const origin = new URL(origins[index]!)
      target.protocol = origin.protocol
      target.host = origin.host
      return fetch(target, input instanceof Request ? input : init)
    },
  }
  return state
}
