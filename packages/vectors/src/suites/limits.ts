/**
 * `limits.json`: the resource limits of SECURITY.md at their boundary, each
 * just inside (authorized) and just outside (denied). The values are written
 * here, not imported, so that changing a limit in the code is a visible
 * change to the published vectors.
 */
import { dagCborCid, EMITTED_VERSION } from '@capchain/core'
import type { Delegation, IPLDValue, Signer } from '@capchain/core'
import { caseAt } from '../build/case.js'
import { CHAIN_TOO_LONG, TOKEN_TOO_LARGE, TOO_MANY_PROOFS, undecodable } from '../build/expected.js'
import { rawToken } from '../build/raw.js'
import { delegate, invoke } from '../build/tokens.js'
import { nonce } from '../fixed/seed.js'
import { principal } from '../fixed/principals.js'
import { DELEGATION_EXPIRY, MINUTE, NOW } from '../fixed/time.js'
import type { InvocationCase } from '../output/invocation-file.js'
import { invocationFile } from '../output/invocation-file.js'
import type { ExpectedError, GeneratedFile } from '../output/interface.js'

/** `MAX_CHAIN_LENGTH`: most delegations in `prf`. */
const MAX_CHAIN_LENGTH = 16
/** `MAX_PROOFS`: most tokens supplied with one invocation, referenced or not. */
const MAX_PROOFS = 32
/** `MAX_TOKEN_BYTES`: largest token, 128 KiB. */
const MAX_TOKEN_BYTES = 131072
/** `MAX_CBOR_DEPTH`: most nested non-empty arrays and maps, the envelope array being the first. */
const MAX_CBOR_DEPTH = 64
/** Levels a token has before its payload's values: the envelope array, the signed map, the payload map. */
const ENVELOPE_LEVELS = 3

const READ = { path: '/a.txt', size: 1 }

export async function limitsVectors(): Promise<GeneratedFile> {
  const alice = principal('alice')
  const bob = principal('bob')
  const carol = principal('carol')
  const mallory = principal('mallory')
  const grant = await delegate({ label: 'limits/alice-bob', issuer: alice, audience: bob.did(), subject: alice.did(), command: '/storage/read' })
  const bobReads = (label: string, proofs: readonly { cid: Delegation['cid'] }[], args: { [key: string]: IPLDValue } = READ) =>
    invoke({ label: `limits/${label}`, issuer: bob, subject: alice.did(), command: '/storage/read', args, proofs })

  const longest = await chain(MAX_CHAIN_LENGTH + 1, alice, [bob, carol])
  const fillers = await Promise.all(
    Array.from({ length: MAX_PROOFS }, (_, i) =>
      delegate({ label: `limits/filler-${i}`, issuer: mallory, audience: mallory.did(), subject: mallory.did(), command: '/' }),
    ),
  )
  const atSize = await paddedDelegation('limits/at-size', MAX_TOKEN_BYTES)
  const overSize = await paddedDelegation('limits/over-size', MAX_TOKEN_BYTES + 1)
  const overSizeInvocation = await sized(MAX_TOKEN_BYTES + 1, (pad) =>
    invoke(
      {
        label: 'limits/over-size-invocation',
        issuer: bob,
        subject: alice.did(),
        command: '/storage/read',
        args: READ,
        proofs: [grant],
        meta: { pad },
      },
      { maxTokenBytes: Infinity },
    ),
  )
  // Our builders refuse to sign what the decoder would refuse, so these two are signed raw.
  const deepInvocation = await rawToken(bob, `ucan/inv@${EMITTED_VERSION}`, {
    iss: bob.did(),
    sub: alice.did(),
    cmd: '/storage/read',
    // `args` is one level, its `deep` entry the rest.
    args: { deep: nested(MAX_CBOR_DEPTH + 1 - ENVELOPE_LEVELS - 1) },
    prf: [grant.cid],
    nonce: nonce('limits/deep-invocation'),
    exp: NOW + 5 * MINUTE,
    iat: NOW,
  })
  const deepProof = await rawToken(alice, `ucan/dlg@${EMITTED_VERSION}`, {
    iss: alice.did(),
    aud: bob.did(),
    sub: alice.did(),
    cmd: '/storage/read',
    pol: [],
    nonce: nonce('limits/deep-proof'),
    exp: DELEGATION_EXPIRY,
    meta: { deep: nested(MAX_CBOR_DEPTH + 1 - ENVELOPE_LEVELS - 1) },
  })

  const lastOf = (links: readonly Delegation[]) => principalByDid(links.at(-1)!.payload.aud, [bob, carol])
  const chainCase = async (name: string, links: readonly Delegation[], error?: ExpectedError): Promise<InvocationCase> => ({
    name,
    description: `a chain of ${links.length} delegations, alternating bob and carol after alice`,
    time: NOW,
    invocation: await invoke({
      label: `limits/${name}`,
      issuer: lastOf(links),
      subject: alice.did(),
      command: '/storage/read',
      args: READ,
      proofs: links,
    }),
    proofs: links,
    ...(error === undefined ? {} : { error }),
  })

  const cases: InvocationCase[] = [
    await chainCase(`chain of ${MAX_CHAIN_LENGTH}`, longest.slice(0, MAX_CHAIN_LENGTH)),
    await chainCase(`chain of ${MAX_CHAIN_LENGTH + 1}`, longest, CHAIN_TOO_LONG),
    caseAt(`${MAX_PROOFS} proofs supplied`, `one referenced delegation and ${MAX_PROOFS - 1} unreferenced ones`, await bobReads('proofs-at-limit', [grant]), [grant, ...fillers.slice(0, MAX_PROOFS - 1)]),
    caseAt(`${MAX_PROOFS + 1} proofs supplied`, `one referenced delegation and ${MAX_PROOFS} unreferenced ones: the count is checked before anything is hashed`, await bobReads('proofs-over-limit', [grant]), [grant, ...fillers], TOO_MANY_PROOFS),
    caseAt(`proof of ${MAX_TOKEN_BYTES} bytes`, 'a delegation padded (meta) to exactly the token size limit', await bobReads('proof-at-size', [atSize]), [atSize]),
    caseAt(`proof of ${MAX_TOKEN_BYTES + 1} bytes`, 'a delegation one byte over the token size limit', await bobReads('proof-over-size', [overSize]), [overSize], TOKEN_TOO_LARGE),
    caseAt(`invocation of ${MAX_TOKEN_BYTES + 1} bytes`, 'the invocation itself one byte over the limit, refused before it is decoded', overSizeInvocation, [grant], TOKEN_TOO_LARGE),
    caseAt(`nesting of ${MAX_CBOR_DEPTH}`, `args nested so that the invocation is ${MAX_CBOR_DEPTH} arrays and maps deep, the envelope array counting as one`, await bobReads('deep-at-limit', [grant], { deep: nested(MAX_CBOR_DEPTH - ENVELOPE_LEVELS - 1) }), [grant]),
    caseAt(`invocation nested ${MAX_CBOR_DEPTH + 1} deep`, 'one level deeper: refused while decoding', deepInvocation, [grant], undecodable('ERR_CBOR_MALFORMED')),
    caseAt(`proof nested ${MAX_CBOR_DEPTH + 1} deep`, 'a delegation whose meta nests one level too deep', await bobReads('deep-proof', [{ cid: dagCborCid(deepProof) }]), [deepProof], undecodable('ERR_CBOR_MALFORMED')),
  ]
  return invocationFile({
    name: 'limits.json',
    comments:
      `Resource limits at their boundary (SECURITY.md): chain length ${MAX_CHAIN_LENGTH}, supplied proofs ${MAX_PROOFS}, ` +
      `token size ${MAX_TOKEN_BYTES} bytes, CBOR nesting ${MAX_CBOR_DEPTH}. Verify each invocation at \`time\` with clock skew 0 and these limits.`,
    principals: ['alice', 'bob', 'carol', 'mallory'],
    cases,
  })
}

/** `length` delegations alice → bob → carol → bob → …, root first. */
async function chain(length: number, root: Signer, relay: readonly [Signer, Signer]): Promise<Delegation[]> {
  const links: Delegation[] = []
  let issuer = root
  for (let i = 0; i < length; i++) {
    const audience = relay[i % 2]!
    links.push(await delegate({ label: `limits/chain-${i}`, issuer, audience: audience.did(), subject: root.did(), command: '/storage/read' }))
    issuer = audience
  }
  return links
}

function principalByDid(did: string, candidates: readonly Signer[]): Signer {
  const found = candidates.find((signer) => signer.did() === did)
  if (found === undefined) throw new Error(`no principal ${did}`)
  return found
}

/** `levels` nested non-empty lists: `[[…[0]…]]`. */
function nested(levels: number): IPLDValue {
  let value: IPLDValue = 0
  for (let i = 0; i < levels; i++) value = [value]
  return value
}

/** A delegation alice → bob of exactly `size` bytes, padded with zero bytes in `meta`. */
function paddedDelegation(label: string, size: number): Promise<Delegation> {
  const alice = principal('alice')
  return sized(size, (pad) =>
    delegate(
      { label, issuer: alice, audience: principal('bob').did(), subject: alice.did(), command: '/storage/read', meta: { pad } },
      { maxTokenBytes: Infinity },
    ),
  )
}

/** Adjust the padding until the token is exactly `size` bytes (a byte string's head grows with its length, hence a few rounds). */
async function sized<T extends { readonly bytes: Uint8Array }>(size: number, build: (pad: Uint8Array) => Promise<T>): Promise<T> {
  let padLength = 0
  for (let round = 0; round < 4; round++) {
    const token = await build(new Uint8Array(padLength))
    if (token.bytes.length === size) return token
    padLength += size - token.bytes.length
  }
  throw new Error(`cannot pad a token to exactly ${size} bytes`)
}
