/**
 * The executor: a guarded `POST /evm/call` that makes the invoked call from
 * the subject's smart account with the executor's own key. The invocation
 * carries the whole call (`@capchain/evm`'s `/evm/call` args: chain,
 * account, target, value, calldata); the request has no body. Before the
 * handler runs, the guard has checked the profile's requirement (args,
 * calldata against the claimed function, this chain), verified the chain
 * with its policies and `capchain/evm@1` limits, caps, revocation and
 * replay, and reserved a use and what the call spends. The handler checks
 * the account is the subject's, simulates the call as the account, sends
 * it, and lets the reservation be charged only if the mined transaction
 * succeeded: a throw refunds it (the guard's Fetch adapter's rule).
 */
import type { DID } from '@capchain/core/principal'
import { checkEvmCallArgs, EVM_CALL_COMMAND, evmCallRequirement } from '@capchain/evm'
import type { Guard } from '@capchain/guard'
import { withGuard } from '@capchain/guard/fetch'
import { AbiError, AbiFunction, Address, Hex as OxHex, Secp256k1 } from 'ox'
import type { Chain, Hex } from '../chain/interface.js'
import { serial } from '../chain/serial.js'
import { signCall } from '../chain/sign.js'
import { SmartAccount } from '../contracts/artifacts.js'
import { AccountMismatchError, SimulationFailedError, TransactionRevertedError } from '../errors.js'
/** HTTP statuses of this package's codes, for `createGuard({ statuses })`. */
export const EXECUTOR_STATUSES: Readonly<Record<string, number>> = {
  ERR_EVM_ACCOUNT: 403,
  ERR_EVM_SIMULATION_FAILED: 422,
  ERR_EVM_TX_REVERTED: 422,
  ERR_EVM_CHAIN: 502,
}

/** Gas for one `execute`: a fixed ceiling, since a simulation already showed the call runs. */
const GAS_LIMIT = 1_000_000n
const MAX_FEE_PER_GAS = 1_000_000_000n

export interface ExecutorOptions {
  readonly guard: Guard
  readonly chain: Chain
  /** The executor's secp256k1 key: the key each account's owner authorised with `setExecutor`. */
  readonly key: Uint8Array
  /** The smart account of a subject (its wallet's did:pkh), `undefined` for a subject without one. */
  readonly accountOf: (subject: DID) => Hex | undefined
  /** Longest accepted invocation lifetime, seconds. Default the guard's. */
  readonly maxLifetime?: number
}

/** What `POST /evm/call` answers once the transaction is mined and succeeded. */
export interface ExecutedCall {
  readonly hash: Hex
  readonly account: Hex
  readonly blockNumber: string
}

/**
 * The Fetch handler of `POST /evm/call` (mount it at that path); its command is `EVM_CALL_COMMAND`.
 * @throws {Error} an invalid key
 */
export function evmExecutorHandler(options: ExecutorOptions): (request: Request) => Promise<Response> {
  const { guard, chain, key } = options
  const from = Address.fromPublicKey(Secp256k1.getPublicKey({ privateKey: key })).toLowerCase() as Hex
  // One transaction at a time from the executor key: each takes the next nonce.
  const one = serial()
  // Stateless, so one requirement serves every request; the account is checked per subject below.
  const requirement = evmCallRequirement({ chain: Number(chain.chainId), ...(options.maxLifetime === undefined ? {} : { maxLifetime: options.maxLifetime }) })
  const route = { requirement: () => requirement }
  return withGuard(guard, route, async (_request, auth) => {
    const call = checkEvmCallArgs(auth.args)
    const account = options.accountOf(auth.subject)
    if (account === undefined || account.toLowerCase() !== call.account) {
      throw new AccountMismatchError(`${call.account} is not the smart account of ${auth.subject} at this executor`, { at: 'args.account' })
    }
    const data = AbiFunction.encodeData(AbiFunction.fromAbi(SmartAccount.abi, 'execute'), [call.target, call.value, OxHex.fromBytes(call.data)])
    const simulated = await chain.simulate({ from, to: account, value: 0n, data })
    if (!simulated.ok) throw new SimulationFailedError(revertReason(simulated.revert))
    const receipt = await one(async () => {
      const raw = signCall({ chainId: chain.chainId, nonce: await chain.nonce(from), to: account, value: 0n, data, gasLimit: GAS_LIMIT, maxFeePerGas: MAX_FEE_PER_GAS }, key)
      return chain.receipt(await chain.send(raw))
    })
    if (receipt.status !== 'success') throw new TransactionRevertedError(receipt.hash)
    const executed: ExecutedCall = { hash: receipt.hash, account, blockNumber: receipt.blockNumber.toString() }
    return Response.json(executed)
  })
}

/** A revert's `Error(string)` message, or its raw data when it is anything else. */
function revertReason(data: Hex): string {
  try {
    return `"${AbiError.decode(AbiError.solidityError, data)}"`
  } catch {
    return data === '0x' ? 'no reason' : data
  }
}
