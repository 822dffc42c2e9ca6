/**
 * `evm-policy.json`: the EVM profile (docs/evm.md) on calldata and typed
 * data, no chain and no signatures: each case is an operation's args under a
 * chain's policies (root first), and the verdict a service running the
 * profile reaches (what it spends, or the code of the refusal). Every
 * expectation is checked against `evmVerdict` while generating.
 */
import type { IPLDMap, IPLDValue } from '@capchain/core'
import {
  EVM_CALL_COMMAND,
  EVM_SIGN_TYPED_DATA_COMMAND,
  erc20Dimension,
  evmCallArgs,
  evmCallPolicy,
  evmStatement,
  evmTypedDataArgs,
  evmVerdict,
} from '@capchain/evm'
import type { EvmCallInput } from '@capchain/evm'
import type { EvmCase } from '../output/evm-file.js'
import { evmFile } from '../output/evm-file.js'
import type { GeneratedFile } from '../output/interface.js'
import { ACCOUNT, BUY, MAX_UINT256, MERCHANT, MULTICALL3, permitTypedData, SHOP, TRANSFER, TWO_64, USDC } from './evm-fixtures.js'

const USDC_DIMENSION = erc20Dimension(1, USDC)

const call = (input: Partial<EvmCallInput> = {}): IPLDMap =>
  evmCallArgs({ chain: 1, account: ACCOUNT, target: USDC, function: TRANSFER, values: [MERCHANT, 50_000_000n], ...input })

const grant = evmCallPolicy({ chain: 1, account: ACCOUNT, targets: [USDC, SHOP], functions: [TRANSFER, BUY], uint: [['<=', '.call.args.amount', '50000000', TRANSFER]], maxValue: 10n ** 17n })
const open = (shapes?: ('self-call' | 'wrapper' | 'delegatecall')[]): IPLDValue[] => evmCallPolicy({ chain: 1, ...(shapes === undefined ? {} : { shapes }) })
const valueAtMost = (bound: bigint): IPLDValue[] => [evmStatement({ uint: [['<=', '.value', bound.toString()]] })]

const approveAll = call({ function: 'approve(address spender, uint256 amount)', values: [MERCHANT, MAX_UINT256] }).data as Uint8Array
const hex = (bytes: Uint8Array): `0x${string}` => `0x${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`
const multicall = evmCallArgs({
  chain: 1,
  account: ACCOUNT,
  target: MULTICALL3,
  function: 'aggregate3((address target, bool allowFailure, bytes callData)[] calls)',
  values: [[{ target: USDC, allowFailure: false, callData: hex(approveAll) }]],
})
const safeDelegatecall = call({ target: SHOP, function: 'execTransactionFromModule(address to, uint256 value, bytes data, uint8 operation)', values: [USDC, 0n, hex(approveAll), 1] })

function withData(args: IPLDMap, change: (data: Uint8Array) => Uint8Array): IPLDMap {
  return { ...args, data: change(args.data as Uint8Array) }
}

const permit = (value: bigint, chainId = 1n): IPLDMap => evmTypedDataArgs({ chain: 1, account: ACCOUNT, typedData: permitTypedData(value, chainId) })
const permitGrant: IPLDValue[] = [['==', '.typedData.domain.verifyingContract', USDC], evmStatement({ uint: [['<=', '.typedData.message.value', '50000000']] })]

const burn = call({ target: SHOP, function: 'burn(uint256 amount)', values: [5n] })
const collision: IPLDMap = {
  ...burn,
  call: { function: 'collate_propagate_storage(bytes16 x)', selector: (burn.call as IPLDMap).selector!, args: { x: new Uint8Array(16) } },
}

const CALL = EVM_CALL_COMMAND
const SIGN = EVM_SIGN_TYPED_DATA_COMMAND

const CASES: EvmCase[] = [
  { name: 'granted transfer', description: 'a USDC transfer within the grant spends its amount under the token dimension', command: CALL, args: call(), policies: [grant], amounts: { [USDC_DIMENSION]: 50_000_000n } },
  { name: 'value at the per-call bound', description: 'a purchase sending exactly 0.1 ETH', command: CALL, args: call({ target: SHOP, function: BUY, values: [7n], value: 10n ** 17n }), policies: [grant], amounts: { wei: 10n ** 17n } },
  { name: 'value transfer', description: 'empty calldata and no call: a plain value transfer', command: CALL, args: call({ target: MERCHANT, function: undefined, values: undefined, value: 1n }), policies: [open()], amounts: { wei: 1n } },
  { name: 'bound 2^64 - 1', description: 'exact comparison at the largest DAG-CBOR integer', command: CALL, args: call({ target: MERCHANT, function: undefined, values: undefined, value: TWO_64 - 1n }), policies: [valueAtMost(TWO_64 - 1n)], amounts: { wei: TWO_64 - 1n } },
  { name: 'bound 2^64', description: 'exact comparison one past DAG-CBOR integers', command: CALL, args: call({ target: MERCHANT, function: undefined, values: undefined, value: TWO_64 }), policies: [valueAtMost(TWO_64)], amounts: { wei: TWO_64 } },
  { name: 'bound 2^256 - 1', description: 'exact comparison at the largest uint256', command: CALL, args: call({ target: MERCHANT, function: undefined, values: undefined, value: MAX_UINT256 }), policies: [valueAtMost(MAX_UINT256)], amounts: { wei: MAX_UINT256 } },
  { name: 'wrapper granted by the root', description: 'a multicall allowed by the root grant listing "wrapper"', command: CALL, args: multicall, policies: [open(['wrapper'])], amounts: {} },
  { name: 'narrowed by a sub-agent', description: 'a second link narrowing the amount to 10 USDC; a transfer of 10 USDC', command: CALL, args: call({ values: [MERCHANT, 10_000_000n] }), policies: [grant, evmCallPolicy({ chain: 1, uint: [['<=', '.call.args.amount', '10000000']] })], amounts: { [USDC_DIMENSION]: 10_000_000n } },
  { name: 'permit at the bound', description: 'an EIP-2612 permit for 50 USDC spends 50 USDC', command: SIGN, args: permit(50_000_000n), policies: [permitGrant], amounts: { [USDC_DIMENSION]: 50_000_000n } },

  { name: 'another function than claimed', description: 'approve calldata claimed as transfer', command: CALL, args: withData(call(), () => approveAll), policies: [open()], error: 'ERR_EVM_CALLDATA_MISMATCH' },
  { name: 'trailing calldata', description: 'one byte after the canonical encoding', command: CALL, args: withData(call(), (data) => new Uint8Array([...data, 0])), policies: [open()], error: 'ERR_EVM_CALLDATA_MISMATCH' },
  { name: 'dirty padding', description: 'the address word with a high byte set', command: CALL, args: withData(call(), (data) => Object.assign(data.slice(), { 4: 1 })), policies: [open()], error: 'ERR_EVM_CALLDATA_MISMATCH' },
  { name: 'selector collision', description: 'burn(uint256) calldata claimed as collate_propagate_storage(bytes16), same selector 0x42966c68', command: CALL, args: collision, policies: [open()], error: 'ERR_EVM_CALLDATA_MISMATCH' },
  { name: 'claimed arguments differ', description: 'args.call.args.amount one more than the calldata says', command: CALL, args: { ...call(), call: { ...(call().call as IPLDMap), args: { to: MERCHANT, amount: '50000001' } } }, policies: [open()], error: 'ERR_EVM_CALLDATA_MISMATCH' },
  { name: 'mixed-case target', description: 'addresses are lower case only', command: CALL, args: { ...call(), target: '0x333333333333333333333333333333333333333A' }, policies: [open()], error: 'ERR_EVM_ARGS_INVALID' },
  { name: 'padded value', description: 'amounts are canonical decimal strings: "007" is refused', command: CALL, args: { ...call(), value: '007' }, policies: [open()], error: 'ERR_EVM_ARGS_INVALID' },
  { name: 'value 2^256', description: 'one past uint256', command: CALL, args: { ...call(), value: (MAX_UINT256 + 1n).toString() }, policies: [open()], error: 'ERR_EVM_ARGS_INVALID' },
  { name: 'token amount one over', description: '50 USDC + 1 unit under a 50 USDC per-transfer bound', command: CALL, args: call({ values: [MERCHANT, 50_000_001n] }), policies: [grant], error: 'ERR_EVM_LIMIT' },
  { name: 'value one wei over', description: '0.1 ETH + 1 wei under a 0.1 ETH per-call bound', command: CALL, args: call({ target: SHOP, function: BUY, values: [7n], value: 10n ** 17n + 1n }), policies: [grant], error: 'ERR_EVM_LIMIT' },
  { name: 'over 2^64 - 1', description: '2^64 under a bound of 2^64 - 1', command: CALL, args: call({ target: MERCHANT, function: undefined, values: undefined, value: TWO_64 }), policies: [valueAtMost(TWO_64 - 1n)], error: 'ERR_EVM_LIMIT' },
  { name: 'renamed parameter', description: 'transfer(address to, uint256 value) against a comparison on .call.args.amount scoped to the transfer selector fails it', command: CALL, args: call({ function: 'transfer(address to, uint256 value)', values: [MERCHANT, 1n] }), policies: [evmCallPolicy({ chain: 1, uint: [['<=', '.call.args.amount', '50000000', TRANSFER]] })], error: 'ERR_EVM_LIMIT' },
  { name: 'another contract', description: 'a target the grant does not list', command: CALL, args: call({ target: MERCHANT }), policies: [grant], error: 'ERR_POLICY_VIOLATION' },
  { name: 'another chain', description: 'a grant for eip155:10 and a call on eip155:1', command: CALL, args: call(), policies: [evmCallPolicy({ chain: 10 })], error: 'ERR_POLICY_VIOLATION' },
  { name: 'self-call', description: 'the account calling itself, under a grant allowing any call', command: CALL, args: call({ target: ACCOUNT, function: 'setExecutor(address executor)', values: [MERCHANT] }), policies: [open()], error: 'ERR_EVM_CALL_SHAPE' },
  { name: 'multicall wrapping a forbidden call', description: 'Multicall3 aggregate3 carrying an unlimited approve, under a grant allowing any call', command: CALL, args: multicall, policies: [open()], error: 'ERR_EVM_CALL_SHAPE' },
  { name: 'delegatecall through a Safe', description: 'execTransactionFromModule with operation 1, the root allowing wrappers only', command: CALL, args: safeDelegatecall, policies: [open(['wrapper'])], error: 'ERR_EVM_CALL_SHAPE' },
  { name: 'shape granted by a sub-agent', description: 'a second link listing "wrapper" the root never granted', command: CALL, args: multicall, policies: [open(), open(['wrapper'])], error: 'ERR_EVM_CALL_SHAPE' },
  { name: 'widened by a sub-agent', description: "a second link raising the amount bound to 1,000 USDC; the root's 50 still applies", command: CALL, args: call({ values: [MERCHANT, 50_000_001n] }), policies: [grant, evmCallPolicy({ chain: 1, uint: [['<=', '.call.args.amount', '1000000000']] })], error: 'ERR_EVM_LIMIT' },
  { name: 'unknown statement version', description: 'capchain/evm@2 is refused, never skipped', command: CALL, args: call(), policies: [[['==', '.', ['capchain/evm@2', { shapes: [] }]]]], error: 'ERR_EVM_STATEMENT_INVALID' },
  { name: 'permit one unit over', description: 'a permit for 50 USDC + 1 unit', command: SIGN, args: permit(50_000_001n), policies: [permitGrant], error: 'ERR_EVM_LIMIT' },
  { name: 'permit on another chain', description: "the domain's chainId 10 under args.chain eip155:1", command: SIGN, args: permit(1n, 10n), policies: [permitGrant], error: 'ERR_EVM_TYPED_DATA_INVALID' },
  { name: 'permit with an unsigned field', description: 'an extra message field policies would see and no one signs', command: SIGN, args: { ...permit(1n), typedData: { ...(permit(1n).typedData as IPLDMap), message: { ...((permit(1n).typedData as IPLDMap).message as IPLDMap), extra: '1' } } }, policies: [permitGrant], error: 'ERR_EVM_TYPED_DATA_INVALID' },
]

export async function evmPolicyVectors(): Promise<GeneratedFile> {
  for (const testCase of CASES) {
    const verdict = evmVerdict(testCase.command, testCase.args, testCase.policies)
    const got = verdict.ok ? undefined : verdict.error.code
    if (got !== testCase.error) throw new Error(`evm-policy.json: "${testCase.name}" expects ${testCase.error ?? 'acceptance'}, the profile says ${got ?? 'accepted'}`)
  }
  return evmFile({
    name: 'evm-policy.json',
    comments:
      "The EVM profile (docs/evm.md) on calldata and typed data, with no chain or signature: for each case, check `args` for `command`, evaluate each of `policies` (root first) on them as a UCAN verifier would, enforce their capchain/evm@1 statements and the call's shapes, and compare with `amounts` (what the operation spends, decimal strings) or `error.code`.",
    cases: CASES,
  })
}
