/**
 * Compiling the contracts in ../contracts with `solc` from npm (the real
 * compiler built to WebAssembly, no download) into the source of
 * src/contracts/artifacts.ts. Settings are pinned so output is
 * byte-identical run to run: no metadata hash or CBOR trailer (they change
 * with file paths), the `paris` EVM. A test recompiles and compares, so the
 * committed artifacts are the committed sources' and tests never compile.
 */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import solc from 'solc'

const here = dirname(fileURLToPath(import.meta.url))

export const SOLC_VERSION = '0.8.37'
export const CONTRACT_FILES = ['Token.sol', 'Shop.sol', 'SmartAccount.sol'] as const
export const ARTIFACTS_PATH = join(here, '..', 'src', 'contracts', 'artifacts.ts')

interface SolcOutput {
  errors?: { severity: string; formattedMessage: string }[]
  contracts: Record<string, Record<string, { abi: unknown[]; evm: { bytecode: { object: string } } }>>
}

/**
 * The source of artifacts.ts for the contracts as they are now.
 * @throws {Error} a compiler error, or another solc version than pinned
 */
export function renderArtifacts(): string {
  const version = solc.version() as string
  if (!version.startsWith(`${SOLC_VERSION}+`)) throw new Error(`expected solc ${SOLC_VERSION}, found ${version}`)
  const input = {
    language: 'Solidity',
    sources: Object.fromEntries(CONTRACT_FILES.map((file) => [file, { content: readFileSync(join(here, '..', 'contracts', file), 'utf8') }])),
    settings: {
      evmVersion: 'paris',
      optimizer: { enabled: true, runs: 200 },
      metadata: { bytecodeHash: 'none', appendCBOR: false },
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
    },
  }
  const output = JSON.parse(solc.compile(JSON.stringify(input)) as string) as SolcOutput
  const errors = (output.errors ?? []).filter((error) => error.severity === 'error')
  if (errors.length > 0) throw new Error(errors.map((error) => error.formattedMessage).join('\n'))
  const lines = [
    '/**',
    ` * Compiled by scripts/compile-contracts.ts (solc ${SOLC_VERSION}, paris, optimizer 200 runs) from contracts/*.sol;`,
    ' * do not edit: test/contracts.test.ts recompiles and compares.',
    ' */',
  ]
  for (const file of CONTRACT_FILES) {
    const name = file.replace(/\.sol$/, '')
    const contract = output.contracts[file]?.[name]
    if (contract === undefined) throw new Error(`${file} has no contract ${name}`)
    lines.push('', `/** ${name} (contracts/${file}). */`, `export const ${name} = {`)
    lines.push(`  abi: ${JSON.stringify(contract.abi)},`, `  bytecode: '0x${contract.evm.bytecode.object}',`, '} as const')
  }
  return `${lines.join('\n')}\n`
}
