/**
 * Attacks on the SIWE root: the one message a wallet signs, carried as a
 * CACAO block, which stands as the root of every chain of a session.
 * Refusals by the root's format are `RootRejectedError`s whose `cause` is
 * the SIWE package's own typed error.
 */
import { bytesToHex } from '@noble/hashes/utils.js'
import type { Signer } from '@capchain/core/principal'
import { InputTooLargeError, InvalidSignatureError } from '@capchain/core/errors'
import type { Delegation } from '@capchain/core/token'
import {
  createSiweMessage,
  DEFAULT_MAX_MESSAGE_LENGTH,
  encodeCacao,
  InvalidRecapError,
  InvalidRootCapabilityError,
  InvalidSiweMessageError,
  MAX_CACAO_BYTES,
  parseSiweMessage,
  PERSONAL_MESSAGE_PREFIX,
  SiweDomainMismatchError,
  SiweUriNotDidKeyError,
  siweRootFormat,
  verifySiweSignature,
} from '@capchain/siwe'
import type { SiweRoot } from '@capchain/siwe'
import { createRevocation, createStorageVerifier, revokeDelegation } from '@capchain/storage'
import type { StorageVerifier } from '@capchain/storage'
import { PrincipalMisalignedError, RevokedError, RootRejectedError, SubjectMismatchError } from '@capchain/verifier'
import type { InvocationVerification } from '@capchain/verifier'
import type { CID } from 'multiformats/cid'
import { dagCborCid } from '@capchain/core'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import {
  accepted,
  ATTACKER,
  authorize,
  causedBy,
  delegate,
  denied,
  DOMAIN,
  editCacao,
  invoke,
  memoryStore,
  NOW,
  personalSign,
  principals,
  rootFields,
  sessionKey,
  signedCacao,
  siweRoot,
  siweVerifier,
  storageGrant,
  storageInvocation,
  throws,
  VICTIM,
} from './support/index.js'
import type { Principals } from './support/index.js'

let p: Principals
let session: Signer
let root: SiweRoot

beforeAll(async () => {
  p = await principals()
  session = await sessionKey()
  root = await siweRoot(session)
})

/** The session key invokes /storage/write on the wallet's behalf, with `cacao` (named by `cid`) as its only proof. */
async function useRoot(cacao: Uint8Array, cid: CID = dagCborCid(cacao), options: { invoker?: Signer; subject?: string; extra?: Delegation[] } = {}): Promise<InvocationVerification> {
  const extra = options.extra ?? []
  const invocation = await invoke(options.invoker ?? session, {
    subject: (options.subject ?? VICTIM.did) as `did:${string}`,
    audience: p.service.did(),
    proofs: [{ cid }, ...extra],
  })
  return siweVerifier().verifyInvocation(invocation.bytes, { proofs: [cacao, ...extra.map((d) => d.bytes)], now: NOW, audience: p.service.did() })
}

/** A denial by the root's format, for `reason`, caused by `type` with `code`. */
function rootRejected(result: InvocationVerification, reason: string, type: abstract new (...args: never[]) => Error, code: string) {
  const error = denied(result, RootRejectedError, 'ERR_ROOT_REJECTED')
  expect(error.reason).toBe(reason)
  return causedBy(error, type as never, code)
}

describe('the SIWE root', () => {
  it('is accepted as the honest baseline', async () => {
    accepted(await useRoot(root.cacao, root.cid))
  })

  it('refuses a domain the service does not trust (RootRejectedError ← SiweDomainMismatchError)', async () => {
    const phished = await siweRoot(session, { domain: 'photos.example.evil.com' })
    rootRejected(await useRoot(phished.cacao, phished.cid), 'invalid', SiweDomainMismatchError, 'ERR_SIWE_DOMAIN_MISMATCH')
  })

  it('refuses a URI that is not a did:key, and one that names another key than the invoker (SiweUriNotDidKeyError, PrincipalMisalignedError)', async () => {
    const web = signedCacao(rootFields('https://photos.example/login' as never))
    rootRejected(await useRoot(web.bytes, web.cid), 'invalid', SiweUriNotDidKeyError, 'ERR_SIWE_URI_NOT_DID_KEY')
    // The wallet signed for the victim's session key; mallory's key presents it.
    denied(await useRoot(root.cacao, root.cid, { invoker: p.mallory }), PrincipalMisalignedError, 'ERR_PRINCIPAL_MISALIGNED')
  })

  it('refuses a statement with a line break that forges URI:/Nonce: lines (RootRejectedError ← InvalidSiweMessageError)', async () => {
    const honest = createSiweMessage(rootFields(session))
    const statement = rootFields(session).statement!
    const injected = `Sign in.\n\nURI: ${p.mallory.did()}\nNonce: forged12345`
    // What a naive renderer would show the wallet, and what it signs: the first URI line is mallory's.
    const text = honest.replace(statement, `${injected} ${statement.slice('Sign in to Photos. '.length)}`)
    expect(text.indexOf(`URI: ${p.mallory.did()}`)).toBeLessThan(text.indexOf(`URI: ${session.did()}`))
    throws(() => parseSiweMessage(text), InvalidSiweMessageError, 'ERR_SIWE_MALFORMED')
    const forged = editCacao(root.cacao, (cacao) => {
      cacao.p.statement = `${injected} ${statement.slice('Sign in to Photos. '.length)}`
      cacao.s.s = personalSign(text)
    })
    const cause = rootRejected(await useRoot(forged), 'invalid', InvalidSiweMessageError, 'ERR_SIWE_MALFORMED')
    expect(cause.at).toBe('p.statement')
  })

  it('refuses a ReCap that is not the last resource (RootRejectedError ← InvalidRecapError)', async () => {
    const fields = rootFields(session)
    const recap = fields.resources!.at(-1)!
    const cacao = signedCacao({ ...fields, resources: [recap, 'https://photos.example/terms'] })
    rootRejected(await useRoot(cacao.bytes, cacao.cid), 'invalid', InvalidRecapError, 'ERR_RECAP_INVALID')
  })

  it('refuses a ReCap listed twice (RootRejectedError ← InvalidRecapError)', async () => {
    const fields = rootFields(session)
    const recap = fields.resources!.at(-1)!
    const cacao = signedCacao({ ...fields, resources: [recap, recap] })
    rootRejected(await useRoot(cacao.bytes, cacao.cid), 'invalid', InvalidRecapError, 'ERR_RECAP_INVALID')
  })

  it('refuses a signature over a message that already carried the EIP-191 prefix (RootRejectedError ← InvalidSignatureError)', async () => {
    const message = createSiweMessage(rootFields(session))
    const prefixed = `${PERSONAL_MESSAGE_PREFIX}${message.length}${message}`
    const cacao = encodeCacao({ message, signature: personalSign(prefixed) })
    rootRejected(await useRoot(cacao.bytes, cacao.cid), 'signature', InvalidSignatureError, 'ERR_SIGNATURE_INVALID')
    // And the message API refuses to hash an already-prefixed message at all.
    throws(() => verifySiweSignature(prefixed, personalSign(message), VICTIM.address), InvalidSiweMessageError, 'ERR_SIWE_MALFORMED')
  })

  it('keeps one subject per account: a lowercase address is another DID, refused in a message, a ReCap and a chain (InvalidSiweMessageError, InvalidRootCapabilityError, SubjectMismatchError)', async () => {
    const lower = VICTIM.address.toLowerCase()
    const lowerDid = `did:pkh:eip155:1:${lower}`
    expect(lowerDid).not.toBe(VICTIM.did)
    // The message text must carry the EIP-55 form.
    const text = createSiweMessage(rootFields(session)).replace(VICTIM.address, lower)
    throws(() => parseSiweMessage(text), InvalidSiweMessageError, 'ERR_SIWE_MALFORMED')
    // A ReCap granting on the lowercase did:pkh.
    const lowerRecap = signedCacao(rootFields(session, {}, VICTIM, lowerDid))
    rootRejected(await useRoot(lowerRecap.bytes, lowerRecap.cid), 'invalid', InvalidRootCapabilityError, 'ERR_SIWE_ROOT_CAPABILITY_INVALID')
    // An invocation naming the lowercase subject under the checksummed root.
    denied(await useRoot(root.cacao, root.cid, { subject: lowerDid }), SubjectMismatchError, 'ERR_SUBJECT_MISMATCH')
  })

  it('refuses a SIWE root placed mid-chain (RootRejectedError)', async () => {
    // mallory → session about her own space, then the victim's CACAO, then session → bob.
    const above = await delegate(p.mallory, session, p.mallory.did())
    const below = await delegate(session, p.bob, VICTIM.did)
    const invocation = await invoke(p.bob, { subject: VICTIM.did, audience: p.service.did(), proofs: [above, { cid: root.cid }, below] })
    const result = await siweVerifier().verifyInvocation(invocation.bytes, { proofs: [above.bytes, root.cacao, below.bytes], now: NOW, audience: p.service.did() })
    const error = denied(result, RootRejectedError, 'ERR_ROOT_REJECTED')
    expect(error).toMatchObject({ at: 'prf[1]', reason: 'invalid' })
  })

  it('refuses a root for the victim’s account signed by another wallet (RootRejectedError ← InvalidSignatureError)', async () => {
    const forged = signedCacao(rootFields(session), ATTACKER)
    rootRejected(await useRoot(forged.bytes, forged.cid), 'signature', InvalidSignatureError, 'ERR_SIGNATURE_INVALID')
  })
})

describe('SIWE limits', () => {
  // Was a finding: the verifier's 128 KiB token limit overrode MAX_CACAO_BYTES (64 KiB), and the message
  // length limit was never applied to the text rebuilt from a CACAO. Both limits now hold.
  it('refuses a CACAO over MAX_CACAO_BYTES as a chain root, before decoding it (RootRejectedError ← InputTooLargeError)', async () => {
    const fields = rootFields(session)
    const padding = Array.from({ length: 1900 }, (_, i) => `https://photos.example/resource/${i}/${'x'.repeat(20)}`)
    const unsigned = editCacao(root.cacao, (cacao) => {
      cacao.p.resources = [...padding, fields.resources!.at(-1)!]
    })
    // decodeCacao refuses this message now, so the text the wallet would sign is rendered from the fields.
    const message = createSiweMessage({ ...fields, resources: [...padding, fields.resources!.at(-1)!] })
    const big = editCacao(unsigned, (cacao) => {
      cacao.s.s = personalSign(message)
    })
    expect(big.length).toBeGreaterThan(MAX_CACAO_BYTES)
    expect(message.length).toBeGreaterThan(DEFAULT_MAX_MESSAGE_LENGTH)
    throws(() => parseSiweMessage(message), InputTooLargeError, 'ERR_INPUT_TOO_LARGE')
    rootRejected(await useRoot(big), 'invalid', InputTooLargeError, 'ERR_INPUT_TOO_LARGE')
  })

  // Was a finding: `parseSiweMessage` checked the length first, then built its error by UTF-8-encoding the
  // whole refused input (siwe/src/message/parse.ts: `new TextEncoder().encode(message).length`): O(n) work
  // and an n-byte allocation for input it has already refused, ~160 ms for a 100 MB string. Report the
  // limit's unit (characters) instead, or the length in characters.
  it('refuses an oversized SIWE message without scanning it (InputTooLargeError, no encoding of the input)', () => {
    const huge = 'a'.repeat(10 * 1024 * 1024)
    const encode = vi.spyOn(TextEncoder.prototype, 'encode')
    try {
      throws(() => parseSiweMessage(huge), InputTooLargeError, 'ERR_INPUT_TOO_LARGE')
      expect(encode.mock.calls.some(([input]) => (input?.length ?? 0) > DEFAULT_MAX_MESSAGE_LENGTH)).toBe(false)
    } finally {
      encode.mockRestore()
    }
  })
})

describe('a revoked SIWE root re-encoded', () => {
  let verifier: StorageVerifier

  beforeAll(() => {
    verifier = createStorageVerifier({ rootFormats: [siweRootFormat({ domains: [DOMAIN] })] })
  })

  it('stays revoked under every other encoding: hex signature, caip122 header, v as 0/1 (RevokedError)', async () => {
    const store = memoryStore()
    const agent = await sessionKey()
    const grant = await storageGrant({ issuer: session, audience: agent.did(), subject: VICTIM.did, ops: ['read'], path: '/photos' })
    const chain = grant.chains.read!
    const read = async (cacao: Uint8Array) => {
      const invocation = await storageInvocation({ issuer: agent, service: p.service.did(), op: 'read', path: '/photos/a.jpg', size: 1, chain, root: dagCborCid(cacao), subject: VICTIM.did })
      return authorize(invocation, [cacao, ...chain], store, p.service, { verifier })
    }
    const reencodings: Record<string, Uint8Array> = {
      'hex signature': editCacao(root.cacao, (cacao) => {
        cacao.s.s = `0x${bytesToHex(cacao.s.s as Uint8Array)}`
      }),
      'caip122 header': editCacao(root.cacao, (cacao) => {
        cacao.h.t = 'caip122'
      }),
      'v as 0/1': editCacao(root.cacao, (cacao) => {
        const signature = (cacao.s.s as Uint8Array).slice()
        signature[64] = signature[64]! - 27
        cacao.s.s = signature
      }),
    }
    // Before the revocation, each is a valid encoding of the signed root, under its own CID.
    accepted(await read(root.cacao))
    for (const bytes of Object.values(reencodings)) {
      expect(dagCborCid(bytes).equals(root.cid)).toBe(false)
      accepted(await read(bytes))
    }

    // The wallet revokes the session root (its canonical CID), with one more signature.
    const throwaway = await sessionKey()
    const mandate = await siweRoot(throwaway, { capabilities: [{ command: '/ucan/revoke', policy: [] }] })
    const revocation = await createRevocation({ issuer: throwaway, service: p.service.did(), path: [root], proofs: [mandate], onBehalfOf: VICTIM.did, expiration: NOW + 300 })
    accepted(await revokeDelegation({ invocation: revocation.bytes, proofs: [mandate.cacao, root.cacao], service: p.service.did(), store, now: NOW, verifier }))

    denied(await read(root.cacao), RevokedError, 'ERR_REVOKED')
    for (const [how, bytes] of Object.entries(reencodings)) {
      const error = denied(await read(bytes), RevokedError, 'ERR_REVOKED')
      expect(error.cid, how).toBe(dagCborCid(bytes).toString())
    }
  })
})

