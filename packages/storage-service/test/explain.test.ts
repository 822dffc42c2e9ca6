/**
 * A refusal's explanation is drawn from the chain the storage check decoded
 * for the request; only a request refused before its chain was read is
 * verified again, by the diagnostic verifier, to draw it.
 */
import { generateSigner } from '@capchain/core/principal'
import { createDelegation, createInvocation } from '@capchain/core/token'
import { createVerifier } from '@capchain/verifier'
import { describe, expect, it } from 'vitest'
import { checkedLinks, valueOrDenial } from '../src/http/checked-chain.js'
import { explainer } from '@capchain/guard'
import type { Credentials } from '@capchain/guard'
import { NotFoundError } from '../src/errors.js'

async function chain() {
  const [space, agent, service] = await Promise.all([generateSigner('Ed25519'), generateSigner('Ed25519'), generateSigner('Ed25519')])
  const now = Math.floor(Date.now() / 1000)
  const root = await createDelegation({ issuer: space, audience: agent.did(), subject: space.did(), command: '/storage', policy: [], expiration: now + 600 })
  const invocation = await createInvocation({
    issuer: agent,
    subject: space.did(),
    audience: service.did(),
    command: '/storage/read',
    args: { path: '/a.txt', size: 1 },
    proofs: [root.cid],
    expiration: now + 300,
  })
  const verified = await createVerifier().verifyInvocation(invocation.bytes, { proofs: [root.bytes], audience: service.did() })
  return { service: service.did(), root, invocation, verified }
}

describe('refusal explanations', () => {
  it('draw the chain the check decoded, even when the credentials could no longer be verified', async () => {
    const { service, root, invocation, verified } = await chain()
    // Credentials whose proof is missing: a second verification could not draw the root.
    const credentials: Credentials = { invocation, proofs: [] }
    expect(valueOrDenial(credentials, { ok: true, value: 'served', links: verified.links })).toBe('served')
    expect(checkedLinks(credentials)).toBe(verified.links)
    const text = await explainer(service, [])(new NotFoundError('/a.txt'), credentials, checkedLinks(credentials))
    expect(text).toContain('ERR_NOT_FOUND')
    expect(text).toContain(root.cid.toString())
    // Without the checked links, the diagnostic verification of the same credentials cannot find the root.
    const redrawn = await explainer(service, [])(new NotFoundError('/a.txt'), credentials, undefined)
    expect(redrawn).not.toContain(root.cid.toString())
  })

  it('keep the links of a denial, and throw it', async () => {
    const { invocation, verified } = await chain()
    const credentials: Credentials = { invocation, proofs: [] }
    const error = new NotFoundError('/a.txt')
    expect(() => valueOrDenial(credentials, { ok: false, error, links: verified.links })).toThrow(error)
    expect(checkedLinks(credentials)).toBe(verified.links)
    expect(checkedLinks({ invocation, proofs: [] })).toBeUndefined()
  })
})
