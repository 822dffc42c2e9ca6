/** The six container variants of UCAN container v0.1, by header byte. */
export type ContainerFormat = 'raw' | 'base64' | 'base64url' | 'raw+gzip' | 'base64+gzip' | 'base64url+gzip'

export interface ContainerVariant {
  readonly format: ContainerFormat
  readonly header: number
  readonly base: 'raw' | 'base64' | 'base64url'
  readonly gzip: boolean
}

export const CONTAINER_VARIANTS: readonly ContainerVariant[] = [
  { format: 'raw', header: 0x40, base: 'raw', gzip: false },
  { format: 'base64', header: 0x42, base: 'base64', gzip: false },
  { format: 'base64url', header: 0x43, base: 'base64url', gzip: false },
  { format: 'raw+gzip', header: 0x4d, base: 'raw', gzip: true },
  { format: 'base64+gzip', header: 0x4f, base: 'base64', gzip: true },
  { format: 'base64url+gzip', header: 0x50, base: 'base64url', gzip: true },
]

export function variantByHeader(header: number): ContainerVariant | undefined {
  return CONTAINER_VARIANTS.find((variant) => variant.header === header)
}

export function variantByFormat(format: ContainerFormat): ContainerVariant {
  return CONTAINER_VARIANTS.find((variant) => variant.format === format)!
}

/** The CBOR map key of a v1 container. */
export const CONTAINER_KEY = 'ctn-v1'

/**
 * Largest container accepted, in bytes, both as received and after
 * decompression. 1 MiB holds thousands of tokens; it fits an HTTP header
 * budget only when compressed, which is the point of the gzip variants.
 */
export const MAX_CONTAINER_BYTES = 1024 * 1024

/** Most tokens accepted in one container. */
export const MAX_CONTAINER_TOKENS = 1024
