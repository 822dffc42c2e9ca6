/** The header limit of `readCredentials` is the service's: the header's length and what a gzip container inflates to. */
import { encodeContainerString } from '@capchain/core'
import { ContainerTooLargeError } from '@capchain/verifier'
import { describe, expect, it } from 'vitest'
import { MAX_INFLATED_CREDENTIALS_BYTES, readCredentials } from '../../src/http/credentials.js'
import { MalformedCredentialsError } from '../../src/http/errors.js'

/** A gzip container of one 100 KiB token: a small header standing for more than the default limit. */
const inflating = `UCAN ${encodeContainerString([new Uint8Array(100 * 1024)], 'base64url+gzip')}`

describe('readCredentials with a header limit', () => {
  it('refuses a container inflating past the default limit, and reads it under a raised one (near miss)', () => {
    expect(inflating.length).toBeLessThan(MAX_INFLATED_CREDENTIALS_BYTES)
    expect(() => readCredentials(inflating)).toThrow(ContainerTooLargeError)
    // Past the limit it inflates, and is refused for what it holds: no invocation.
    expect(() => readCredentials(inflating, 256 * 1024)).toThrow(MalformedCredentialsError)
  })

  it('refuses a header longer than the limit before reading it, and reads one of exactly the limit (near miss)', () => {
    const header = `UCAN ${'A'.repeat(1024)}`
    expect(() => readCredentials(header, header.length - 1)).toThrow(ContainerTooLargeError)
    expect(() => readCredentials(header, header.length)).not.toThrow(ContainerTooLargeError)
  })
})
