/**
 * The fields of an EIP-4361 Sign-In with Ethereum message.
 *
 * Every value is kept exactly as written in the message text (times stay
 * strings), so that rendering parsed fields gives back the same bytes. An
 * optional field that is absent is left out of the object; `statement: ''`
 * and `resources: []` are distinct, present values (the ABNF allows both).
 */
export interface SiweMessageFields {
  /** URI scheme of the requesting origin, when the message names one (`https://example.com wants you…`). */
  readonly scheme?: string
  /** RFC 3986 authority of the requesting origin. */
  readonly domain: string
  /** Signing account, in EIP-55 checksum form. */
  readonly address: string
  /** Human-readable assertion: one line of RFC 3986 reserved / unreserved characters and spaces. */
  readonly statement?: string
  /** RFC 3986 URI of the subject of the signing (for a ReCap, the delegate). */
  readonly uri: string
  /** Always `'1'`. */
  readonly version: '1'
  /** EIP-155 chain id. */
  readonly chainId: number
  /** At least 8 ASCII letters and digits. */
  readonly nonce: string
  /** RFC 3339 date-time. */
  readonly issuedAt: string
  /** RFC 3339 date-time. */
  readonly expirationTime?: string
  /** RFC 3339 date-time. */
  readonly notBefore?: string
  /** RFC 3986 `*pchar`. */
  readonly requestId?: string
  /** RFC 3986 URIs; a ReCap, when present, is the last. */
  readonly resources?: readonly string[]
}

/** The fixed tail of the first line, after `[scheme "://"] domain`. */
export const HEADER_SUFFIX = ' wants you to sign in with your Ethereum account:'

/**
 * Default cap on the length of a message text, in characters. EIP-4361 asks
 * implementers to choose maximum lengths against denial of service; a valid
 * message is pure ASCII, so characters and bytes agree. 64 KiB holds a ReCap
 * with hundreds of abilities.
 */
export const DEFAULT_MAX_MESSAGE_LENGTH = 64 * 1024
