import { EVM_CALL_COMMAND, EVM_COMMAND, evmCallPolicy } from '@capchain/evm'
import type { SignInAbility } from '../session/sign-in.js'
import { evmChain } from './chain-id.js'

export interface EvmSignInOptions {
  /** The chain, as a chain id or CAIP-2 `eip155:<id>`. */
  readonly chain: number | string
  /** The smart account the session acts through; without it, any account on `chain`. */
  readonly account?: string
  /**
   * Also sign EIP-712 typed data (`/evm/sign/typed-data`). Default `false`. A ReCap ability has two
   * parts, so that command has none of its own: the session is then granted `/evm` (`'evm': '*'`).
   */
  readonly typedData?: boolean
}

/**
 * The EVM abilities for `signIn({ abilities })`: one signature grants the
 * session `/storage` and `/evm/call` (or `/evm` with `typedData`), limited
 * by policy to `chain` and `account`. Grants made under the session
 * (`delegateEvm`) can only narrow this. The description says it in words,
 * beside the ReCap text `'evm': 'call' for 'did:pkh:…'`.
 *
 * @throws {InvalidEvmArgsError} a bad chain or account
 */
export function evmSignInAbilities(options: EvmSignInOptions): SignInAbility[] {
  const chain = evmChain(options.chain).caip2
  const policy = evmCallPolicy({ chain, ...(options.account === undefined ? {} : { account: options.account }) })
  const from = options.account === undefined ? `any account of yours on ${chain}` : `the account ${options.account.toLowerCase()} on ${chain}`
  const description =
    options.typedData === true
      ? `Send transactions from ${from} and sign EIP-712 typed data for it, as far as each grant of this session allows.`
      : `Send transactions from ${from}, as far as each grant of this session allows.`
  return [{ command: options.typedData === true ? EVM_COMMAND : EVM_CALL_COMMAND, policy, description }]
}
