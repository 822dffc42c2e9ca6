/**
 * Compiling the Solidity sources of the contract-wallet tests with `solc`
 * (the npm package: the real compiler built to WebAssembly, no download).
 *
 * The settings are pinned so that output is byte-identical run to run: no
 * metadata hash or CBOR trailer (they would change with file paths), and the
 * `paris` EVM (no PUSH0), so the ERC-6492 validator's code runs as an
 * `eth_call` on chains that have not adopted Shanghai.
 */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import solc from 'solc'

const here = dirname(fileURLToPath(import.meta.url))

/** Solidity sources, by the name the compiler sees. */
const SOURCES = {
  'UniversalSigValidator.sol': join(here, '..', '..', 'contracts', 'UniversalSigValidator.sol'),
  'OwnerWallet.sol': join(here, '..', 'contracts', 'OwnerWallet.sol'),
} as const

export const SOLC_VERSION = '0.8.37'

export interface CompiledContract {
  /** Creation code, hex without 0x. */
  readonly bytecode: string
  /** Function signature → 4-byte selector (hex without 0x). */
  readonly selectors: Readonly<Record<string, string>>
}

interface SolcOutput {
  errors?: { severity: string; formattedMessage: string }[]
  contracts: Record<string, Record<string, { evm: { bytecode: { object: string }; methodIdentifiers: Record<string, string> } }>>
}

/** Compile every source; contracts keyed `File.sol:Name`. Fails on any compiler error. */
export function compileContracts(): Record<string, CompiledContract> {
  const version = solc.version() as string
  if (!version.startsWith(`${SOLC_VERSION}+`)) throw new Error(`expected solc ${SOLC_VERSION}, found ${version}`)
  const input = {
    language: 'Solidity',
    sources: Object.fromEntries(Object.entries(SOURCES).map(([name, path]) => [name, { content: readFileSync(path, 'utf8') }])),
    settings: {
      evmVersion: 'paris',
      optimizer: { enabled: true, runs: 200 },
      metadata: { bytecodeHash: 'none', appendCBOR: false },
      outputSelection: { '*': { '*': ['evm.bytecode.object', 'evm.methodIdentifiers'] } },
    },
  }
  const output = JSON.parse(solc.compile(JSON.stringify(input)) as string) as SolcOutput
  const errors = (output.errors ?? []).filter((error) => error.severity === 'error')
  if (errors.length > 0) throw new Error(errors.map((error) => error.formattedMessage).join('\n'))
  const compiled: Record<string, CompiledContract> = {}
  for (const [file, contracts] of Object.entries(output.contracts)) {
    for (const [name, contract] of Object.entries(contracts)) {
      compiled[`${file}:${name}`] = { bytecode: contract.evm.bytecode.object, selectors: contract.evm.methodIdentifiers }
    }
  }
  return compiled
}
