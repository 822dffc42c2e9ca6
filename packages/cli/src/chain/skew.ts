import type { Token } from '@capchain/core'

/** The clock a verdict was given by: the validation time and the allowance either way. */
export interface Clock {
  /** Unix seconds. */
  readonly now: number
  /** Seconds of tolerance on every `nbf` and `exp`. */
  readonly skew: number
}

/** A time bound a verdict passed only thanks to the skew. */
export interface SkewReliance {
  /** Where the token is: `prf[i]`, `invocation`, or `message` for a SIWE message. */
  readonly at: string
  /** The token's CID; none for a SIWE message. */
  readonly cid?: string
  /** `exp` already passed, or `nbf` not yet reached. */
  readonly field: 'exp' | 'nbf'
  /** How far past `exp`, or before `nbf`, `now` is. */
  readonly seconds: number
}

/**
 * The bounds of accepted `tokens` that do not hold at `now` itself: a token
 * accepted only within the skew is one a stricter clock would refuse, which
 * the person reading the verdict should know.
 */
export function skewReliance(tokens: readonly { at: string; token: Token }[], now: number): SkewReliance[] {
  const relied: SkewReliance[] = []
  for (const { at, token } of tokens) {
    const { exp, nbf } = token.payload
    const cid = token.cid.toString()
    if (exp !== null && now > exp) relied.push({ at, cid, field: 'exp', seconds: now - exp })
    if (nbf !== undefined && now < nbf) relied.push({ at, cid, field: 'nbf', seconds: nbf - now })
  }
  return relied
}

/** A reliance for a person: `invocation exp passed 3 s ago`, `prf[0] nbf is 5 s ahead`. */
export function describeReliance(reliance: SkewReliance): string {
  return reliance.field === 'exp'
    ? `${reliance.at} exp passed ${reliance.seconds} s ago`
    : `${reliance.at} nbf is ${reliance.seconds} s ahead`
}

/** The line a text verdict carries: `clock skew: 60 s`, and what passed only thanks to it. */
export function skewLine(clock: Clock, relied: readonly SkewReliance[]): string {
  if (relied.length === 0) return `clock skew: ${clock.skew} s`
  return `clock skew: ${clock.skew} s (accepted only thanks to it: ${relied.map(describeReliance).join(', ')})`
}
