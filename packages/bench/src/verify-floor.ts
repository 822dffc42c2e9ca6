/**
 * One raw `node:crypto` Ed25519 verify, measured in the run it is compared
 * with (the HTTP load tests): the unit their authorization overhead is
 * counted in. Same loop as the comparison's floor (measure.ts).
 */
import { verify as nodeVerify } from 'node:crypto'
import { measure, median } from './measure.js'
import type { MeasureOptions } from './measure.js'
import type { RawSignature } from './ucan1.js'

/**
 * Median microseconds of one verify, over `signatures` taken in turn.
 *
 * @throws {Error} a signature that does not verify (a bench bug)
 */
export async function measureVerifyUs(signatures: readonly RawSignature[], options: MeasureOptions): Promise<number> {
  const verifyOne = (n: number) => {
    const s = signatures[n % signatures.length]!
    if (!nodeVerify(null, s.message, s.key, s.signature)) throw new Error('raw signature did not verify')
  }
  const [result] = await measure([{ id: 'floor.one', run: verifyOne }], options)
  return Number(median(result!.samples).toFixed(2))
}
