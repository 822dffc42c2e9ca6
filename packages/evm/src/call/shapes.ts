import { AbiFunction, Hex } from 'ox'
import { parseFunction } from '../abi/parse.js'
import type { EvmCall } from './args.js'

/**
 * Call shapes refused unless the chain's root grant names them: each one
 * turns an allow-listed outer call into arbitrary execution.
 *
 * - `self-call`: the account calling itself reaches its own admin and
 *   execute functions (MetaMask's Delegation Framework documents it).
 * - `wrapper`: a batch, multicall or execute entry point, whose inner calls
 *   no policy over the outer call sees.
 * - `delegatecall`: a wrapper asked to run code in the caller's context.
 */
export const CALL_SHAPES = ['self-call', 'wrapper', 'delegatecall'] as const

export type CallShape = (typeof CALL_SHAPES)[number]

/** Entry points that execute calls they carry, by selector. Derived from the calldata, never from the claimed name. */
const WRAPPERS = [
  // Multicall3
  'aggregate((address target, bytes callData)[] calls)',
  'aggregate3((address target, bool allowFailure, bytes callData)[] calls)',
  'aggregate3Value((address target, bool allowFailure, uint256 value, bytes callData)[] calls)',
  'blockAndAggregate((address target, bytes callData)[] calls)',
  'tryAggregate(bool requireSuccess, (address target, bytes callData)[] calls)',
  'tryBlockAndAggregate(bool requireSuccess, (address target, bytes callData)[] calls)',
  // Self-delegatecalling multicalls (Uniswap, OpenZeppelin Multicall)
  'multicall(bytes[] data)',
  'multicall(uint256 deadline, bytes[] data)',
  'multicall(bytes32 previousBlockhash, bytes[] data)',
  // ERC-4337 accounts (SimpleAccount, Kernel v2, Coinbase Smart Wallet)
  'execute(address dest, uint256 value, bytes func)',
  'executeBatch(address[] dest, bytes[] func)',
  'executeBatch(address[] dest, uint256[] value, bytes[] func)',
  'executeBatch((address target, uint256 value, bytes data)[] calls)',
  'executeCall(address dest, uint256 value, bytes func)',
  // ERC-7579 accounts
  'execute(bytes32 mode, bytes executionCalldata)',
  'executeFromExecutor(bytes32 mode, bytes executionCalldata)',
  // Safe
  'execTransaction(address to, uint256 value, bytes data, uint8 operation, uint256 safeTxGas, uint256 baseGas, uint256 gasPrice, address gasToken, address refundReceiver, bytes signatures)',
  'execTransactionFromModule(address to, uint256 value, bytes data, uint8 operation)',
  'execTransactionFromModuleReturnData(address to, uint256 value, bytes data, uint8 operation)',
  'multiSend(bytes transactions)',
].map((signature) => AbiFunction.getSelector(parseFunction(`function ${signature}`)))

const [SAFE_EXEC, SAFE_MODULE, SAFE_MODULE_RETURN, MULTI_SEND] = WRAPPERS.slice(-4)
const [ERC7579_EXECUTE, ERC7579_FROM_EXECUTOR] = WRAPPERS.slice(-6, -4)

/** The dangerous shapes of a call, derived from its target and raw calldata. */
export function callShapes(call: Pick<EvmCall, 'account' | 'target' | 'data'>): CallShape[] {
  const shapes: CallShape[] = []
  if (call.target === call.account) shapes.push('self-call')
  if (call.data.length < 4) return shapes
  const selector = Hex.fromBytes(call.data.subarray(0, 4))
  if (!WRAPPERS.includes(selector)) return shapes
  shapes.push('wrapper')
  if (delegates(selector, call.data)) shapes.push('delegatecall')
  return shapes
}

/**
 * Whether a wrapper call asks for a delegatecall, read from the bytes the
 * wrapper itself reads. MultiSend always counts: each packed entry has its
 * own operation, and MultiSendCallOnly shares the selector.
 */
function delegates(selector: Hex.Hex, data: Uint8Array): boolean {
  if (selector === MULTI_SEND) return true
  // Safe's operation is the 4th head word: 1 is DELEGATECALL; anything but 0 counts.
  if (selector === SAFE_EXEC || selector === SAFE_MODULE || selector === SAFE_MODULE_RETURN) return word(data, 3) !== 0n
  // ERC-7579's mode starts with the call type: 0x00 single, 0x01 batch, 0xfe static, 0xff delegatecall.
  if (selector === ERC7579_EXECUTE || selector === ERC7579_FROM_EXECUTOR) return data.length < 5 || data[4] === 0xff
  return false
}

function word(data: Uint8Array, index: number): bigint | undefined {
  const at = 4 + 32 * index
  // A word the wrapper cannot read makes the call revert; count it as the dangerous reading anyway.
  if (at + 32 > data.length) return 1n
  return Hex.toBigInt(Hex.fromBytes(data.subarray(at, at + 32)))
}
