import { WalletRequestError } from '../errors.js'
import { bytesToHex } from '@noble/hashes/utils.js'

/** The one method of an EIP-1193 provider we use (a browser wallet's `window.ethereum`, viem's, ethers'). */
export interface Eip1193Provider {
  request(args: { readonly method: string; readonly params?: readonly unknown[] }): Promise<unknown>
}

/** @throws {WalletRequestError} */
export async function walletRequest(provider: Eip1193Provider, method: string, params?: readonly unknown[]): Promise<unknown> {
  try {
    return await provider.request(params === undefined ? { method } : { method, params })
  } catch (cause) {
    throw new WalletRequestError(method, cause instanceof Error ? cause.message : String(cause), cause)
  }
}

/** The account the wallet signs with: the first of `eth_requestAccounts`. @throws {WalletRequestError} */
export async function walletAccount(provider: Eip1193Provider): Promise<string> {
  const accounts = await walletRequest(provider, 'eth_requestAccounts')
  const first = Array.isArray(accounts) ? accounts[0] : undefined
  if (typeof first !== 'string') throw new WalletRequestError('eth_requestAccounts', 'answered no account')
  return first
}

/** The wallet's current chain: `eth_chainId`, a hex quantity. @throws {WalletRequestError} */
export async function walletChainId(provider: Eip1193Provider): Promise<number> {
  const answer = await walletRequest(provider, 'eth_chainId')
  const chainId = typeof answer === 'string' && /^0x[0-9a-f]+$/i.test(answer) ? Number.parseInt(answer, 16) : Number.NaN
  if (!Number.isSafeInteger(chainId) || chainId <= 0) throw new WalletRequestError('eth_chainId', `answered ${String(answer)}`)
  return chainId
}

/**
 * `personal_sign` of a UTF-8 message: the message goes as hex of its bytes,
 * so the wallet applies the EIP-191 prefix exactly once, to the bytes shown
 * to the user. @throws {WalletRequestError}
 */
export async function walletPersonalSign(provider: Eip1193Provider, message: string, address: string): Promise<string> {
  const data = `0x${bytesToHex(new TextEncoder().encode(message))}`
  const signature = await walletRequest(provider, 'personal_sign', [data, address])
  if (typeof signature !== 'string') throw new WalletRequestError('personal_sign', 'answered no signature')
  return signature
}
