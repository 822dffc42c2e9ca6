/**
 * Valid inputs of every decoder, for the fuzzers to mutate, and generators
 * of policy-shaped and IPLD-shaped values.
 */
import { encodeContainer, encodeContainerString } from '@capchain/core/container'
import type { ContainerFormat } from '@capchain/core/container'
import { eip191Digest } from '@capchain/core/envelope'
import { generateSigner } from '@capchain/core/principal'
import type { DigestSigner } from '@capchain/core/principal'
import type { IPLDValue } from '@capchain/core/token'
import { createSiweMessage } from '@capchain/siwe'
import { capStatement, pathScopeStatement, sizeCeilingStatement } from '@capchain/storage'
import fc from 'fast-check'
import { CID } from 'multiformats/cid'
import { identity } from 'multiformats/hashes/identity'
import { forgeToken } from './forge.js'
import { rootFields, sessionKey, siweRoot, editCacao } from './siwe.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import { delegate, honestChain, invoke, NOW, principals } from './world.js'

export interface ValidInputs {
  /** UCAN tokens: delegations and invocations, every key type and header. */
  readonly tokens: readonly Uint8Array[]
  /** Containers of those tokens in all six formats, as bytes. */
  readonly containers: readonly Uint8Array[]
  /** The base64 containers as text (the HTTP header form). */
  readonly containerStrings: readonly string[]
  readonly siweMessages: readonly string[]
  readonly recaps: readonly string[]
  readonly cacaos: readonly Uint8Array[]
  readonly policies: readonly IPLDValue[][]
  readonly paths: readonly string[]
}

/** One of each kind of valid input (a few seconds of signing, once per file). */
export async function validInputs(): Promise<ValidInputs> {
  const p = await principals()
  const { root, mid, invocation } = await honestChain(p)
  const tokens: Uint8Array[] = [root.bytes, mid.bytes, invocation.bytes]
  for (const keyType of ['secp256k1', 'P-256'] as const) {
    const signer = await generateSigner(keyType)
    tokens.push((await delegate(signer, p.alice, signer.did(), { policy: [['like', '.path', '/photos/*']], notBefore: NOW - 10 })).bytes)
  }
  const eth = (await generateSigner('secp256k1')) as DigestSigner
  tokens.push(
    await forgeToken(
      'inv',
      { iss: eth.did(), sub: eth.did(), cmd: '/storage/read', args: { path: '/a', size: 1 }, prf: [root.cid], nonce: new Uint8Array(12), exp: NOW + 60, iat: NOW, meta: { note: 'x' }, cause: mid.cid },
      'EIP191',
      (signed) => eth.signDigest(eip191Digest(signed)),
    ),
  )
  tokens.push((await invoke(p.bob, { subject: p.space.did(), proofs: [root, mid], args: { path: '/photos/a.jpg', size: 3, tags: ['a', 'b'], blob: new Uint8Array([1, 2]) } })).bytes)

  const formats: ContainerFormat[] = ['raw', 'base64', 'base64url', 'raw+gzip', 'base64+gzip', 'base64url+gzip']
  const containers = formats.map((format) => encodeContainer(tokens.slice(0, 3), format))
  const containerStrings = (['base64', 'base64url', 'base64+gzip', 'base64url+gzip'] as const).map((format) => encodeContainerString(tokens.slice(0, 3), format))

  const session = await sessionKey()
  const fields = rootFields(session)
  const siweMessages = [
    createSiweMessage(fields),
    createSiweMessage({ ...fields, scheme: 'https', requestId: 'req-1', resources: ['ipfs://Qme7ss3ARVgxv6rXqVPiikMJ8u2NLgmgszg13pYrDKEoiu', ...(fields.resources ?? [])] }),
  ]
  const recaps = [fields.resources!.at(-1)!]
  const sessionRoot = await siweRoot(session, { capabilities: [{ command: '/storage/read', policy: [['like', '.path', '/photos/*']] }, { command: '/storage/write', policy: [] }] })
  const hex = editCacao(sessionRoot.cacao, (cacao) => {
    cacao.s.s = `0x${bytesToHex(cacao.s.s as Uint8Array)}`
  })
  const cacaos = [sessionRoot.cacao, hex]

  const policies: IPLDValue[][] = [
    [['==', '.op', 'write'], ['like', '.path', '/photos/*'], ['<=', '.size', 1048576], ['!=', '.path', '/photos/secret'], ['or', [['==', '.tag', 'a'], ['==', '.tag', 'b']]]],
    [pathScopeStatement('/photos') as IPLDValue, sizeCeilingStatement(1000) as IPLDValue, capStatement({ bytes: 10, uses: 2 }) as IPLDValue],
    [['all', '.files', ['and', [['<=', '.size', 100], ['not', ['like', '.name', '*.exe']]]]], ['any', '.to[]', ['==', '.', 'x']], ['==', '.m["k"][0:2]', [1, 2]]],
  ]
  const paths = ['/', '/photos', '/photos/2024/cat.jpg', '/a b/c.txt', '/фото/кот.jpg', '/日本/東京.png', `/${'x'.repeat(255)}`]
  return { tokens, containers, containerStrings, siweMessages, recaps, cacaos, policies, paths }
}

const cids = [1, 2].map((n) => CID.create(1, 0x55, identity.digest(new Uint8Array([n]))))

const mapKey = fc.constantFrom('a', 'b', 'size', 'path', 'op', 'files', 'name', 'to', '', 'é', 'constructor', '__proto__', '/', 'bytes')

/** IPLD-shaped values, as the DAG-CBOR decoder returns them (bigints, bytes, CIDs included). */
export const ipldValue: fc.Arbitrary<IPLDValue> = fc.letrec<{ value: IPLDValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -3, max: 2000 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
    fc.string({ maxLength: 8 }),
    fc.uint8Array({ maxLength: 4 }),
    fc.constantFrom(...cids),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(mapKey, tie('value'), { maxKeys: 4 }),
  ),
})).value

const selector = fc.oneof(
  fc.constantFrom('.', '.a', '.size', '.path', '.files', '.files[0]', '.to[]', '.a.b?', '.m["k"]', '.x[1:3]', '.x[-1]', '.[]', '.a[]?', '..a', '.a.', '[0]', '.a[:]', '.0', '.?'),
  fc.string({ maxLength: 8 }),
)

const operator = fc.constantFrom('==', '!=', '<', '<=', '>', '>=', 'like', 'and', 'or', 'not', 'all', 'any', 'match', '')

/** Values shaped like policy statements: mostly well-formed, often not. */
export const statementLike: fc.Arbitrary<IPLDValue> = fc.letrec<{ statement: IPLDValue }>((tie) => ({
  statement: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.tuple(fc.constantFrom('==', '!='), selector, ipldValue).map((s) => [...s]),
    fc.tuple(fc.constantFrom('<', '<=', '>', '>='), selector, fc.oneof(fc.integer(), fc.double(), fc.string({ maxLength: 2 }))).map((s) => [...s]),
    fc.tuple(fc.constant('like'), selector, fc.stringMatching(/^[*a\\/é]{0,8}$/)).map((s) => [...s]),
    fc.tuple(fc.constantFrom('and', 'or'), fc.array(tie('statement'), { maxLength: 3 })).map((s) => [...s]),
    fc.tuple(fc.constant('not'), tie('statement')).map((s) => [...s]),
    fc.tuple(fc.constantFrom('all', 'any'), selector, tie('statement')).map((s) => [...s]),
    fc.array(fc.oneof(operator, selector, ipldValue, tie('statement')), { maxLength: 4 }),
    ipldValue,
  ),
})).statement

/** Policies: lists of statement-like values, or anything at all. */
export const policyLike: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.array(statementLike, { maxLength: 4 }) },
  { weight: 1, arbitrary: ipldValue },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 2, withBigInt: true, withBoxedValues: true, withMap: true, withSet: true, withNullPrototype: true, withObjectString: true, withTypedArray: true, withSparseArray: true }) },
)

/** Replace the value at a random position inside `value` by `replacement` (a structural mutation of JSON-like data). */
export function replaceAt(value: IPLDValue, path: readonly number[], replacement: IPLDValue): IPLDValue {
  if (path.length === 0 || value === null || typeof value !== 'object' || value instanceof Uint8Array || CID.asCID(value) !== null) return replacement
  const [head, ...rest] = path as [number, ...number[]]
  if (Array.isArray(value)) {
    if (value.length === 0) return replacement
    const i = head % value.length
    return value.map((item, j) => (j === i ? replaceAt(item, rest, replacement) : item))
  }
  const map = value as { [key: string]: IPLDValue }
  const keys = Object.keys(map)
  if (keys.length === 0) return replacement
  const k = keys[head % keys.length]!
  return { ...map, [k]: replaceAt(map[k]!, rest, replacement) }
}
