/**
 * `siwe-root.json`: chains whose root is a Sign-In with Ethereum message
 * signed by the wallet (a CAIP-74 CACAO among the proofs), as a client makes
 * them (`createSiweRoot`), and the ways such a chain is refused.
 */
import { dagCborCid, eip191Digest, EMITTED_VERSION, HEADER_BYTES } from '@capchain/core'
import type { Delegation, Signer } from '@capchain/core'
import * as dagCbor from '@ipld/dag-cbor'
import {
  COMMAND_ESCALATION,
  ISSUER_UNSUPPORTED,
  POLICY_VIOLATION,
  PRINCIPAL_MISALIGNED,
  rootRejected,
  SUBJECT_MISMATCH,
} from '../build/expected.js'
import { assemble, signedPayload } from '../build/raw.js'
import { APP_DOMAIN, handMadeRoot, rootFields, siweRoot } from '../build/siwe.js'
import type { SignedRoot } from '../build/siwe.js'
import { delegate, invoke } from '../build/tokens.js'
import { nonce } from '../fixed/seed.js'
import { principal } from '../fixed/principals.js'
import { DAY, HOUR, NOW, T0 } from '../fixed/time.js'
import { OTHER_WALLET, WALLET } from '../fixed/wallets.js'
import type { InvocationCase } from '../output/invocation-file.js'
import { invocationFile } from '../output/invocation-file.js'
import type { ExpectedError, GeneratedFile, TokenSource } from '../output/interface.js'

const MIB10 = 10485760
const READ_POLICY = [['like', '.path', '/photos/*']]
const WRITE_POLICY = [
  ['like', '.path', '/photos/*'],
  ['<=', '.size', MIB10],
]
/** The worked example of docs/siwe-root.md: read under /photos, writes there of at most 10 MiB. */
const PHOTOS = [
  { command: '/storage/read', policy: READ_POLICY },
  { command: '/storage/write', policy: WRITE_POLICY },
]
const PHOTOS_RECAP = {
  att: { [WALLET.did]: { 'storage/read': [{ pol: READ_POLICY }], 'storage/write': [{ pol: WRITE_POLICY }] } },
  prf: [],
}

export async function siweRootVectors(): Promise<GeneratedFile> {
  const session = principal('session')
  const agent = principal('agent')
  const carol = principal('carol')
  const mallory = principal('mallory')
  const root = await siweRoot({ label: 'siwe-root/session', uri: session.did(), capabilities: PHOTOS })
  const toAgent = (label: string, command: string, issuer: Signer = session) =>
    delegate({ label: `siwe-root/${label}`, issuer, audience: agent.did(), subject: WALLET.did, command })
  const agentRead = await toAgent('agent-read', '/storage/read')
  const agentWrite = await toAgent('agent-write', '/storage/write')
  const malloryRead = await toAgent('mallory-read', '/storage/read', mallory)
  const agentToCarol = await delegate({
    label: 'siwe-root/agent-carol',
    issuer: agent,
    audience: carol.did(),
    subject: WALLET.did,
    command: '/storage/read',
  })

  const lateRoot = await siweRoot({ label: 'siwe-root/late', uri: session.did(), capabilities: PHOTOS, notBefore: NOW + HOUR })
  const foreignRoot = await siweRoot({ label: 'siwe-root/foreign', uri: session.did(), capabilities: PHOTOS, domain: 'evil.example' })
  const forgedRoot = handMadeRoot(rootFields({ label: 'siwe-root/forged', uri: session.did(), recap: PHOTOS_RECAP }), OTHER_WALLET.signer)
  const webUriRoot = handMadeRoot(rootFields({ label: 'siwe-root/web-uri', uri: 'https://photos.example/session', recap: PHOTOS_RECAP }))
  const retargeted = retarget(root, mallory.did())
  const pkhDelegation = walletSignedDelegation(session.did())

  const chainCase = async (spec: {
    name: string
    description: string
    invoker: Signer
    command: string
    args: { path: string; size?: number }
    prf: readonly { cid: Delegation['cid'] }[]
    proofs: readonly TokenSource[]
    root?: SignedRoot
    time?: number
    subject?: Delegation['payload']['iss']
    expect?: ExpectedError | 'leaf-first'
  }): Promise<InvocationCase> => {
    const time = spec.time ?? NOW
    const expect = spec.expect
    return {
      name: spec.name,
      description: spec.description,
      time,
      invocation: await invoke({
        label: `siwe-root/${spec.name}`,
        issuer: spec.invoker,
        subject: spec.subject ?? WALLET.did,
        command: spec.command,
        args: spec.args,
        proofs: spec.prf,
        issuedAt: time,
      }),
      proofs: spec.proofs,
      ...(spec.root === undefined ? {} : { siwe: { message: spec.root.message } }),
      ...(expect === undefined ? { proofOrder: 'root-first' } : expect === 'leaf-first' ? { proofOrder: expect } : { error: expect }),
    }
  }
  const photo = { path: '/photos/cat.jpg', size: 1024 }

  const cases = await Promise.all([
    chainCase({ name: 'the session key invokes', description: 'the root alone proves the session key', invoker: session, command: '/storage/read', args: photo, prf: [root], proofs: [root], root }),
    chainCase({ name: 'through a delegation', description: 'session key → agent, then the agent invokes', invoker: agent, command: '/storage/read', args: photo, prf: [root, agentRead], proofs: [root, agentRead], root }),
    chainCase({ name: 'leaf first', description: 'the same chain with prf leaf first: the root is last', invoker: agent, command: '/storage/read', args: photo, prf: [agentRead, root], proofs: [agentRead, root], root, expect: 'leaf-first' }),
    chainCase({ name: 'write at the size limit', description: "the write grant's policy allows 10 MiB", invoker: agent, command: '/storage/write', args: { path: '/photos/raw.dng', size: MIB10 }, prf: [root, agentWrite], proofs: [agentWrite, root], root }),
    chainCase({ name: 'at the expiration time', description: 'valid through its Expiration Time inclusive', invoker: session, command: '/storage/read', args: photo, prf: [root], proofs: [root], root, time: T0 + DAY }),

    chainCase({ name: 'outside the granted path', description: "the read grant's policy is /photos/*", invoker: agent, command: '/storage/read', args: { path: '/private/diary.txt', size: 1 }, prf: [root, agentRead], proofs: [root, agentRead], root, expect: POLICY_VIOLATION }),
    chainCase({ name: 'write over the size limit', description: 'one byte over 10 MiB', invoker: agent, command: '/storage/write', args: { path: '/photos/raw.dng', size: MIB10 + 1 }, prf: [root, agentWrite], proofs: [root, agentWrite], root, expect: POLICY_VIOLATION }),
    chainCase({ name: 'an ability not granted', description: 'the root grants read and write, not delete', invoker: session, command: '/storage/delete', args: { path: '/photos/cat.jpg' }, prf: [root], proofs: [root], root, expect: COMMAND_ESCALATION }),
    chainCase({ name: 'after the expiration time', description: 'one second after the Expiration Time', invoker: session, command: '/storage/read', args: photo, prf: [root], proofs: [root], root, time: T0 + DAY + 1, expect: rootRejected('Expired', 'ERR_SIWE_EXPIRED') }),
    chainCase({ name: 'before not-before', description: 'the root is valid from an hour later', invoker: session, command: '/storage/read', args: photo, prf: [lateRoot], proofs: [lateRoot], root: lateRoot, expect: rootRejected('TooEarly', 'ERR_SIWE_NOT_YET_VALID') }),
    chainCase({ name: 'untrusted domain', description: 'signed for evil.example, which the service does not trust', invoker: session, command: '/storage/read', args: photo, prf: [foreignRoot], proofs: [foreignRoot], root: foreignRoot, expect: rootRejected('InvalidClaim', 'ERR_SIWE_DOMAIN_MISMATCH') }),
    chainCase({ name: 'signed by another account', description: "the message names the wallet's address; another key signed it", invoker: session, command: '/storage/read', args: photo, prf: [forgedRoot], proofs: [forgedRoot], root: forgedRoot, expect: rootRejected('InvalidSignature', 'ERR_SIGNATURE_INVALID') }),
    chainCase({ name: 'audience edited after signing', description: "the root's URI re-written to mallory's key in the CACAO; the signature no longer matches", invoker: mallory, command: '/storage/read', args: photo, prf: [retargeted], proofs: [retargeted], root: retargeted, expect: rootRejected('InvalidSignature', 'ERR_SIGNATURE_INVALID') }),
    chainCase({ name: 'URI not a did:key', description: 'the SIWE URI is an https URL, so no key can be the next issuer', invoker: session, command: '/storage/read', args: photo, prf: [webUriRoot], proofs: [webUriRoot], root: webUriRoot, expect: rootRejected('InvalidClaim', 'ERR_SIWE_URI_NOT_DID_KEY') }),
    chainCase({ name: 'delegation not from the session key', description: 'mallory, not the session key the root names, delegates to the agent', invoker: agent, command: '/storage/read', args: photo, prf: [root, malloryRead], proofs: [root, malloryRead], root, expect: PRINCIPAL_MISALIGNED }),
    chainCase({ name: 'another subject', description: "the invocation is about another account's did:pkh", invoker: agent, command: '/storage/read', args: photo, prf: [root, agentRead], proofs: [root, agentRead], root, subject: OTHER_WALLET.did, expect: SUBJECT_MISMATCH }),
    chainCase({ name: 'root in the middle', description: 'prf lists the CACAO neither first nor last', invoker: carol, command: '/storage/read', args: photo, prf: [agentRead, root, agentToCarol], proofs: [root, agentRead, agentToCarol], root, expect: { name: 'InvalidClaim', code: 'ERR_ROOT_REJECTED' } }),
    chainCase({ name: 'wallet signs a UCAN delegation', description: 'a did:pkh issuer is accepted only through a SIWE root, not as an EIP-191-signed UCAN', invoker: session, command: '/storage/read', args: photo, prf: [pkhDelegation], proofs: [pkhDelegation], expect: ISSUER_UNSUPPORTED }),
  ])
  return invocationFile({
    name: 'siwe-root.json',
    comments:
      'Chains rooted in a SIWE message (EIP-4361 with a ReCap, EIP-5573) carried as a CAIP-74 CACAO among the proofs (docs/siwe-root.md). ' +
      `Verify each invocation at \`time\` with clock skew 0, accepting SIWE roots for the domain ${APP_DOMAIN} only. ` +
      '`wallets` holds the signing keys.',
    principals: ['session', 'agent', 'carol', 'mallory'],
    wallets: true,
    verifier: { siweDomains: [APP_DOMAIN] },
    cases,
  })
}

/** The root's CACAO with its audience (`p.aud`, the SIWE URI) replaced, signature untouched: a forger's edit. */
function retarget(root: SignedRoot, uri: string): SignedRoot {
  const cacao = dagCbor.decode<{ p: Record<string, unknown> }>(root.cacao)
  cacao.p.aud = uri
  const bytes = dagCbor.encode(cacao)
  return { message: root.message.replace(/^URI: .*$/m, `URI: ${uri}`), cacao: bytes, cid: dagCborCid(bytes) }
}

/** A UCAN root delegation issued by the wallet's did:pkh to `audience`, signed by the wallet with EIP-191. */
function walletSignedDelegation(audience: Delegation['payload']['aud']): { bytes: Uint8Array; cid: Delegation['cid'] } {
  const signed = signedPayload(
    `ucan/dlg@${EMITTED_VERSION}`,
    { iss: WALLET.did, aud: audience, sub: WALLET.did, cmd: '/storage', pol: [], nonce: nonce('siwe-root/pkh-delegation'), exp: T0 + DAY },
    HEADER_BYTES.EIP191,
  )
  const bytes = assemble(WALLET.signer.signDigest(eip191Digest(signed)), signed)
  return { bytes, cid: dagCborCid(bytes) }
}
