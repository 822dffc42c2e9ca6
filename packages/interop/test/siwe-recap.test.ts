/**
 * npm `siwe-recap` (recap-ts, the JavaScript ReCap library) ↔ capchain, both
 * ways: the ReCap URI each writes decodes in the other to the same details,
 * and the statement each writes is accepted by the other's check. The
 * namespaces `storage` and `storage-admin` are where the two orders of
 * EIP-5573's namespace entries differ (docs/siwe-root.md, "Translation order").
 */
import { checkRecapStatement, decodeRecap, encodeRecap, recapStatement, RECAP_STATEMENT_ORDERS } from '@capchain/siwe'
import type { Recap as CapchainRecap } from '@capchain/siwe'
import { SiweMessage } from 'siwe'
import { Recap } from 'siwe-recap'
import type { PlainJSON } from 'siwe-recap'
import { describe, expect, it } from 'vitest'

const WALLET = 'did:pkh:eip155:1:0x2c7536E3605D9C16a7a3D7b1898e529396a65c23'

/** Abilities (namespace, name, caveats) in the order a dapp adds them. */
const CASES: readonly { name: string; abilities: readonly [string, string, { [key: string]: PlainJSON }[]][] }[] = [
  { name: 'one namespace', abilities: [['storage', 'read', [{}]], ['storage', 'write', [{}]]] },
  { name: 'storage and storage-admin', abilities: [['storage', 'read', [{}]], ['storage-admin', 'purge', [{}]]] },
  { name: 'a, a-b, a.b', abilities: [['a', 'x', [{}]], ['a-b', 'y', [{}]], ['a.b', 'z', [{}]]] },
  { name: 'caveats with a policy', abilities: [['storage', 'read', [{ pol: [['like', '.path', '/photos/*']] }]]] },
  { name: 'integer-like namespaces', abilities: [['9', 'x', [{}]], ['10', 'x', [{}]], ['b', 'x', [{}]]] },
]

function theirs(abilities: (typeof CASES)[number]['abilities']): Recap {
  const recap = new Recap()
  for (const [namespace, name, caveats] of abilities) recap.addAttenuation(WALLET, namespace, name, caveats[0])
  return recap
}

function ours(abilities: (typeof CASES)[number]['abilities']): CapchainRecap {
  const att: Record<string, Record<string, { [key: string]: PlainJSON }[]>> = { [WALLET]: {} }
  for (const [namespace, name, caveats] of abilities) att[WALLET]![`${namespace}/${name}`] = caveats
  return { att, prf: [] } as CapchainRecap
}

/**
 * A SIWE message (npm `siwe` 3) showing `statement` and `recap`, as the
 * argument of siwe-recap's verifier, which is typed against its own `siwe` 2
 * and reads only `statement` and `resources`.
 */
function siweMessage(statement: string, recap: CapchainRecap): Parameters<typeof Recap.extract_and_verify>[0] {
  const message = new SiweMessage({
    domain: 'photos.example',
    address: '0x2c7536E3605D9C16a7a3D7b1898e529396a65c23',
    uri: 'did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp',
    version: '1',
    chainId: 1,
    nonce: 'abcdefgh12345678',
    issuedAt: '2026-12-05T08:00:00.000Z',
    statement,
    resources: [encodeRecap(recap)],
  })
  return message as unknown as Parameters<typeof Recap.extract_and_verify>[0]
}

describe.each(CASES)('npm siwe-recap ↔ capchain: $name', ({ abilities }) => {
  it('writes the same ReCap URI, and each decodes the other\'s to the same details', () => {
    const their = theirs(abilities)
    expect(encodeRecap(ours(abilities))).toBe(their.encode())
    expect(decodeRecap(their.encode())).toStrictEqual(ours(abilities))
    expect(Recap.decode_urn(encodeRecap(ours(abilities))).attenuations).toStrictEqual(their.attenuations)
  })

  it('our statement is the text siwe-recap writes, so its verifier accepts our messages', () => {
    const their = theirs(abilities)
    expect(recapStatement(ours(abilities))).toBe(their.statement)
    const message = siweMessage(`Sign in to Photos. ${recapStatement(ours(abilities))}`, ours(abilities))
    expect(Recap.extract_and_verify(message).attenuations).toStrictEqual(their.attenuations)
  })

  it('we accept the statement siwe-recap writes, and the Rust crate\'s order too', () => {
    const recap = ours(abilities)
    expect(() => checkRecapStatement(`Sign in to Photos. ${theirs(abilities).statement}`, recap)).not.toThrow()
    for (const order of RECAP_STATEMENT_ORDERS) expect(() => checkRecapStatement(recapStatement(recap, order), recap)).not.toThrow()
  })
})

it('siwe-recap refuses the Rust crate\'s order where it differs (why we write recap-ts\'s)', () => {
  const abilities = CASES[1]!.abilities
  const rust = recapStatement(ours(abilities), 'namespace')
  expect(rust).not.toBe(theirs(abilities).statement)
  expect(() => Recap.extract_and_verify(siweMessage(rust, ours(abilities)))).toThrow('Invalid statement')
})
