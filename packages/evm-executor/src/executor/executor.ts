/**
 * The executor: a guarded `POST /evm/call` that makes the call from the
 * subject's smart account with the executor's own key. The guard has by
 * then verified the chain (its policies on `to`, `value`, `data`), the
 * caps, revocation and replay, and reserved a use; the call is simulated
 * as the account, sent, and the reservation is charged only if the mined
 * transaction succeeded (a throw refunds it: the guard's Fetch adapter's
 * rule). A Fetch handler, so any server or framework can mount it.
 */
import type { DID } from '@capchain/core/principal'
import type { Guard } from '@capchain/guard'
import { withGuard } from '@capchain/guard/fetch'
import { AbiFunction, Address, Secp256k1 } from 'ox'
import type { Chain, Hex } from '../chain/interface.js'
import { serial } from '../chain/serial.js'
import { signCall } from '../chain/sign.js'
import { SmartAccount } from '../contracts/artifacts.js'
import { CallInvalidError, SimulationFailedError, TransactionRevertedError } from '../errors.js'
import { callArgs, readCall } from './call-args.js'

/** The command of the route. */
export const EVM_CALL_COMMAND = '/evm/call'

/** HTTP statuses of this package's codes, for `createGuard({ statuses })`. */
export const EXECUTOR_STATUSES: Readonly<Record<string, number>> = {
  ERR_EVM_CALL_INVALID: 400,
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
}

/** What `POST /evm/call` answers once the transaction is mined and succeeded. */
export interface ExecutedCall {
  readonly hash: Hex
  readonly account: Hex
  readonly blockNumber: string
}

/**
 * The Fetch handler of `POST /evm/call` (mount it at that path).
 * @throws {Error} an invalid key
 */
export function evmExecutorHandler(options: ExecutorOptions): (request: Request) => Promise<Response> {
  const { guard, chain, key } = options
  const from = Address.fromPublicKey(Secp256k1.getPublicKey({ privateKey: key })).toLowerCase() as Hex
  // One transaction at a time from the executor key: each takes the next nonce.
  const one = serial()
  const route = {
    command: EVM_CALL_COMMAND,
    // A clone: the handler reads the body again once the guard allowed the request.
    args: async (request: Request) => callArgs(readCall(await request.clone().json().catch(() => undefined))),
  }
  return withGuard(guard, route, async (request, auth) => {
    const account = options.accountOf(auth.subject)
    if (account === undefined) throw new CallInvalidError(`${auth.subject} has no smart account at this executor`, { at: 'payload.sub' })
    const call = readCall(await request.json())
    const data = AbiFunction.encodeData(AbiFunction.fromAbi(SmartAccount.abi, 'execute'), [call.to, call.value, call.data])
    const simulated = await chain.simulate({ from, to: account, value: 0n, data })
    if (!simulated.ok) throw new SimulationFailedError(simulated.revert)
    const receipt = await one(async () => {
      const raw = signCall({ chainId: chain.chainId, nonce: await chain.nonce(from), to: account, value: 0n, data, gasLimit: GAS_LIMIT, maxFeePerGas: MAX_FEE_PER_GAS }, key)
      return chain.receipt(await chain.send(raw))
    })
    if (receipt.status !== 'success') throw new TransactionRevertedError(receipt.hash)
    const executed: ExecutedCall = { hash: receipt.hash, account, blockNumber: receipt.blockNumber.toString() }
    return Response.json(executed)
  })
}
