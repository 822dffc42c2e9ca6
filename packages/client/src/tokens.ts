import { dagCborCid, decodeContainer, encodeContainerString } from '@capchain/core/lean'

/** A UCAN container string (base64url, the form that fits an HTTP header) of `tokens`. */
export function containerOf(tokens: readonly Uint8Array[]): string {
  return encodeContainerString(tokens)
}

/**
 * The tokens of a container, by the CID of their bytes (computed here, never taken from a claim).
 * @throws {InputTooLargeError | MalformedContainerError} what `decodeContainer` refuses
 */
export function tokensByCid(container: string): Map<string, Uint8Array> {
  return new Map(decodeContainer(container).tokens.map((bytes) => [dagCborCid(bytes).toString(), bytes]))
}

export function unixNow(): number {
  return Math.floor(Date.now() / 1000)
}
