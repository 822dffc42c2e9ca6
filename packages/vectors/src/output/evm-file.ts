import type { IPLDMap, IPLDValue } from '@capchain/core'
import { bytesJson } from './dag-json.js'
import { FORMAT } from './header.js'
import type { GeneratedFile } from './interface.js'
import type { Json } from './json.js'
import { stableJson } from './json.js'

/** One EVM profile case: an operation's args under a chain's policies, and the verdict. */
export interface EvmCase {
  readonly name: string
  readonly description: string
  readonly command: string
  readonly args: IPLDMap
  /** Each link's `pol`, root first. */
  readonly policies: readonly (readonly IPLDValue[])[]
  /** Valid: what the operation spends, by ledger dimension. */
  readonly amounts?: Readonly<Record<string, bigint>>
  /** Invalid: the code of the refusal. */
  readonly error?: string
}

export interface EvmFile {
  readonly name: string
  readonly comments: string
  readonly cases: readonly EvmCase[]
}

/** An evm-kind file: cases split into `valid` (with `amounts` as decimal strings) and `invalid` (with `error.code`). */
export function evmFile(file: EvmFile): GeneratedFile {
  const names = new Set<string>()
  for (const testCase of file.cases) {
    if (names.has(testCase.name)) throw new Error(`${file.name}: two cases are named "${testCase.name}"`)
    names.add(testCase.name)
  }
  const content: Json = {
    comments: file.comments,
    format: FORMAT,
    kind: 'evm',
    version: '1.0.0',
    valid: file.cases.filter((c) => c.error === undefined).map(caseJson),
    invalid: file.cases.filter((c) => c.error !== undefined).map(caseJson),
  }
  return { name: file.name, text: stableJson(content) }
}

function caseJson(testCase: EvmCase): Json {
  return {
    name: testCase.name,
    description: testCase.description,
    command: testCase.command,
    args: ipldJson(testCase.args),
    policies: testCase.policies.map((policy) => policy.map(ipldJson)),
    ...(testCase.error === undefined
      ? { amounts: Object.fromEntries(Object.entries(testCase.amounts ?? {}).map(([dimension, amount]) => [dimension, amount.toString()])) }
      : { error: { code: testCase.error } }),
  }
}

/** An IPLD value in DAG-JSON form: bytes as `{"/": {"bytes": …}}`; the profile's values hold no links or floats. */
function ipldJson(value: IPLDValue): Json {
  if (value instanceof Uint8Array) return bytesJson(value)
  if (Array.isArray(value)) return value.map(ipldJson)
  if (typeof value === 'bigint') return Number(value)
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, ipldJson(item as IPLDValue)]))
  return value as Json
}
