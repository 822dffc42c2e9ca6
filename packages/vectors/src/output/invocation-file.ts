import type { DID } from '@capchain/core'
import type { RootCapability } from '@capchain/siwe'
import type { Recap } from '@capchain/siwe'
import { bytesJson } from './dag-json.js'
import type { FileHeader } from './header.js'
import { headerJson } from './header.js'
import type { ExpectedError, GeneratedFile, TokenSource } from './interface.js'
import { tokenBytes } from './interface.js'
import type { Json } from './json.js'
import { stableJson } from './json.js'

/** What a case says about the SIWE root among its proofs. */
export interface SiweExpectation {
  /** The EIP-4361 text the wallet signed (the CACAO rebuilds to exactly this). */
  readonly message: string
  /** The ReCap among the root's resources (the last one, unless the case is about its place). */
  readonly recap?: Recap
  /** The ReCap's translation in the pinned order; for a refused root, the text it should have shown. */
  readonly statement?: string
  /** The (command, policy) pairs the root grants, for a root that verifies. */
  readonly capabilities?: readonly RootCapability[]
}

/** One invocation case: the ucan-wg/spec fixture fields, and ours. */
export interface InvocationCase {
  readonly name: string
  readonly description: string
  /** Unix seconds at which to verify, with no clock skew. */
  readonly time: number
  readonly invocation: TokenSource
  /** Supplied tokens, in this order (which need not be `prf`'s). */
  readonly proofs: readonly TokenSource[]
  /** The service's DID: the invocation must be addressed to it. */
  readonly audience?: DID
  /** For a valid case, the order `prf` lists the chain in. */
  readonly proofOrder?: 'root-first' | 'leaf-first'
  readonly siwe?: SiweExpectation
  /** Absent: the invocation is authorized. */
  readonly error?: ExpectedError
}

export interface InvocationFile extends Omit<FileHeader, 'kind'> {
  readonly name: string
  readonly cases: readonly InvocationCase[]
}

/** An invocation-kind file: the ucan-wg/spec invocation fixture layout, with `valid` and `invalid` split by `error`. */
export function invocationFile(file: InvocationFile): GeneratedFile {
  const names = new Set<string>()
  for (const testCase of file.cases) {
    if (names.has(testCase.name)) throw new Error(`${file.name}: two cases are named "${testCase.name}"`)
    names.add(testCase.name)
  }
  const content: Json = {
    ...headerJson({ ...file, kind: 'invocation' }),
    valid: file.cases.filter((c) => c.error === undefined).map(caseJson),
    invalid: file.cases.filter((c) => c.error !== undefined).map(caseJson),
  }
  return { name: file.name, text: stableJson(content) }
}

function caseJson(testCase: InvocationCase): Json {
  return {
    name: testCase.name,
    description: testCase.description,
    time: testCase.time,
    invocation: bytesJson(tokenBytes(testCase.invocation)),
    proofs: testCase.proofs.map((proof) => bytesJson(tokenBytes(proof))),
    ...(testCase.audience === undefined ? {} : { audience: testCase.audience }),
    ...(testCase.proofOrder === undefined ? {} : { proofOrder: testCase.proofOrder }),
    ...(testCase.siwe === undefined ? {} : { siwe: siweJson(testCase.siwe) }),
    ...(testCase.error === undefined ? {} : { error: { ...testCase.error } }),
  }
}

function siweJson(siwe: SiweExpectation): Json {
  return {
    message: siwe.message,
    ...(siwe.recap === undefined ? {} : { recap: siwe.recap as unknown as Json }),
    ...(siwe.statement === undefined ? {} : { statement: siwe.statement }),
    ...(siwe.capabilities === undefined
      ? {}
      : { capabilities: siwe.capabilities.map((c) => ({ command: c.command, policy: c.policy as unknown as Json })) }),
  }
}
