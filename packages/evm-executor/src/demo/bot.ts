/**
 * The demo's bot: it holds the strings the client issued it and signs its
 * own `/evm/call` invocations with `@capchain/core`, as the client has no
 * EVM invocation call (docs/client.md, "On-chain permissions").
 */
import type { IssuedRecord } from '@capchain/client'
import { createInvocation, dagCborCid, decodeContainer, encodeContainerString } from '@capchain/core'
import type { Signer } from '@capchain/core'
import { EVM_CALL_COMMAND, evmCallArgs } from '@capchain/evm'
import type { EvmCallInput } from '@capchain/evm'
import { send } from './world.js'
import type { World } from './world.js'

export const BUY = 'buy(uint256 item)'
export const PAY = 'transfer(address to, uint256 value)'

/** The grants the bot holds. */
export interface BotGrants {
  /** `buy` on the shop. */
  readonly shopping: IssuedRecord
  /** `transfer` on the token. */
  readonly paying: IssuedRecord
}

/** What the bot asks the executor for, each one `POST /evm/call` answered. */
export interface BotActions {
  buy(item: bigint, value: bigint): Promise<Response>
  pay(to: string, amount: bigint): Promise<Response>
  /** Any call from the account through `grant` (`chain` and `account` are the world's). */
  call(grant: IssuedRecord, input: Omit<EvmCallInput, 'chain' | 'account'>): Promise<Response>
  /** The `Authorization` header of that call, signed once: to send it twice. */
  authorize(grant: IssuedRecord, input: Omit<EvmCallInput, 'chain' | 'account'>): Promise<string>
}

/**
 * The bot's actions in `world`, each through the grant for it.
 * @throws {CapchainError} from an action: a grant's string does not decode
 */
export function botActing(world: World, bot: Signer, grants: BotGrants): BotActions {
  const authorize = async (grant: IssuedRecord, input: Omit<EvmCallInput, 'chain' | 'account'>): Promise<string> => {
    const tokens = decodeContainer(grant.container).tokens
    const cids = new Map(tokens.map((bytes) => dagCborCid(bytes)).map((cid) => [cid.toString(), cid]))
    const invocation = await createInvocation({
      issuer: bot,
      subject: grant.subject,
      audience: world.service.did(),
      command: EVM_CALL_COMMAND,
      args: evmCallArgs({ chain: 1, account: world.account, ...input }),
      // A CID missing from the string drops out of the proofs, and the executor's verifier refuses the chain.
      proofs: grant.witness.flatMap((cid) => cids.get(cid) ?? []),
      expiration: world.chain.now() + 60,
    })
    return `UCAN ${encodeContainerString([invocation.bytes, ...tokens])}`
  }
  const call = async (grant: IssuedRecord, input: Omit<EvmCallInput, 'chain' | 'account'>): Promise<Response> => send(world, await authorize(grant, input))
  return {
    buy: (item, value) => call(grants.shopping, { target: world.shop, function: BUY, values: [item], value }),
    pay: (to, amount) => call(grants.paying, { target: world.token, function: PAY, values: [to, amount] }),
    call,
    authorize,
  }
}
