/**
 * `localWallet`: an EIP-1193 provider over a secp256k1 private key held in
 * memory, for a bot or a Node agent that holds its own Ethereum key (and
 * for tests and demos). It signs every `personal_sign` for its account
 * without asking anyone: give it only a key that may sign unattended.
 *
 * Signs with @noble/secp256k1, which `@capchain/siwe` already bundles for
 * recovery, rather than core's signer registry: its `recovered` format gives
 * Ethereum's recovery bit directly, and the subpath stays small.
 */
import { addressFromPublicKey, hashPersonalMessage } from '@capchain/siwe'
import type { Eip1193Provider } from '@capchain/siwe'
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'
import { getPublicKey, signAsync } from '@noble/secp256k1'
import { ClientInputError, UnauthorizedAccountError, UnsupportedMethodError } from '../errors.js'
import { privateKeyBytes } from './private-key.js'

/** The private key (32 bytes, or 64 hex digits with or without `0x`) and the chain `eth_chainId` answers. */
export interface LocalWalletOptions {
  readonly privateKey: Uint8Array | string
  /** Default 1 (Ethereum mainnet). */
  readonly chainId?: number
}

export interface LocalWallet extends Eip1193Provider {
  /** The account's address, EIP-55 form. */
  readonly address: string
  /** `personal_sign` requests answered so far: what a prompt count would be with a real wallet. */
  readonly signatures: number
}

/** The methods answered, in the order a sign-in asks them. */
export const LOCAL_WALLET_METHODS: readonly string[] = ['eth_requestAccounts', 'eth_accounts', 'eth_chainId', 'personal_sign']

const EVEN_HEX = /^0x(?:[0-9a-fA-F]{2})*$/

/**
 * A wallet holding `privateKey`, for `client.signIn` or anything that takes
 * an EIP-1193 provider.
 * @throws {InvalidPrivateKeyError} not a secp256k1 private key
 * @throws {ClientInputError} a chain id that is not a positive safe integer
 * @throws {UnsupportedMethodError} from `request`: a method other than `LOCAL_WALLET_METHODS` (EIP-1193 4200)
 * @throws {UnauthorizedAccountError} from `request`: `personal_sign` for another account, or without a message and account (EIP-1193 4100)
 */
export function localWallet(options: Uint8Array | string | LocalWalletOptions): LocalWallet {
  // Anything but an options object is taken as the key itself, for `privateKeyBytes` to accept or describe.
  const { privateKey, chainId = 1 }: { readonly privateKey: unknown; readonly chainId?: number } =
    typeof options === 'object' && options !== null && !(options instanceof Uint8Array) ? options : { privateKey: options }
  const secret = privateKeyBytes(privateKey)
  if (!Number.isSafeInteger(chainId) || chainId <= 0) throw new ClientInputError(`chainId must be a positive integer, got ${String(chainId)}`, { at: 'chainId' })
  const address = addressFromPublicKey(getPublicKey(secret, false))
  let signatures = 0

  const personalSign = async (params: readonly unknown[] | undefined): Promise<string> => {
    const [data, account] = params ?? []
    if (typeof data !== 'string' || typeof account !== 'string') throw new UnauthorizedAccountError('personal_sign', 'expected [message, account]')
    if (account.toLowerCase() !== address.toLowerCase()) throw new UnauthorizedAccountError('personal_sign', `the wallet holds no key for ${account}`)
    // As browser wallets do: `0x` hex is the message's bytes, anything else is UTF-8 text.
    const message = EVEN_HEX.test(data) ? hexToBytes(data.slice(2)) : data
    const recovered = await signAsync(hashPersonalMessage(message), secret, { prehash: false, format: 'recovered' })
    signatures++
    // noble puts the recovery bit first; personal_sign answers r ‖ s ‖ v with v = 27 + bit.
    return `0x${bytesToHex(recovered.subarray(1))}${(27 + (recovered[0] as number)).toString(16)}`
  }

  return {
    address,
    get signatures() {
      return signatures
    },
    async request({ method, params }) {
      switch (method) {
        case 'eth_requestAccounts':
        case 'eth_accounts':
          return [address]
        case 'eth_chainId':
          return `0x${chainId.toString(16)}`
        case 'personal_sign':
          return personalSign(params)
        default:
          throw new UnsupportedMethodError(method, LOCAL_WALLET_METHODS)
      }
    },
  }
}
