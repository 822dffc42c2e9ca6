/**
 * The world of the demo and of every executor test: an in-process chain with the
 * token, the shop and the user's smart account deployed by real signed
 * transactions; the owner has authorised the executor key; a guard with a
 * memory store serving `POST /evm/call` and `POST /revoke` on 127.0.0.1, its
 * clock the chain's (so `chain.advance` moves expiry and cap windows too).
 * The account is the smart account of two subjects: the owner wallet's
 * did:pkh (signed in with SIWE, as in the demo) and a did:key user (tests).
 */
import { localWallet } from '@capchain/client/local-wallet'
import { createDelegation, createInvocation, encodeContainerString, generateSigner } from '@capchain/core'
import type { Delegation, IPLDMap, IPLDValue, Signer } from '@capchain/core'
import { createGuard, revokeHandler } from '@capchain/guard'
import type { Guard } from '@capchain/guard'
import { didPkh, siweRootFormat, toChecksumAddress } from '@capchain/siwe'
import type { Eip1193Provider } from '@capchain/siwe'
import { createMemoryStore } from '@capchain/store'
import { AbiFunction, Address, ContractAddress, Secp256k1 } from 'ox'
import { createMemoryChain, evmExecutorHandler, EXECUTOR_STATUSES, Shop, signCall, SmartAccount, Token } from '../index.js'
import type { Chain, Hex, MemoryChain, Receipt } from '../index.js'
import { serveFetch } from './serve.js'

/** Fresh keys per run: the user's wallet, the executor, the shop's deployer. */
export const OWNER_KEY = Secp256k1.randomPrivateKey({ as: 'Bytes' })
export const EXECUTOR_KEY = Secp256k1.randomPrivateKey({ as: 'Bytes' })
export const DEPLOYER_KEY = Secp256k1.randomPrivateKey({ as: 'Bytes' })
export const ETH = 10n ** 18n
export const USDC = 10n ** 6n
/** The SIWE `domain` the executor trusts: the app the user signs in to. */
export const DEMO_DOMAIN = 'shop.example'

const addressOf = (key: Uint8Array): Hex => Address.fromPublicKey(Secp256k1.getPublicKey({ privateKey: key })).toLowerCase() as Hex

export interface World {
  readonly chain: MemoryChain
  readonly token: Hex
  readonly shop: Hex
  readonly account: Hex
  readonly owner: Hex
  /** The owner's wallet (EIP-1193), for `createSiweSession` or the client's `signIn`. */
  readonly wallet: Eip1193Provider
  readonly guard: Guard
  readonly url: string
  /** The user's root key (its did is the subject the executor maps to the account). */
  readonly user: Signer
  readonly service: Signer
  close(): Promise<void>
  /** Send `data` from `key` to `to` (absent: deploy) and mine it. */
  transact(key: Uint8Array, to: Hex | undefined, data: Hex, value?: bigint): Promise<Receipt>
  /** Read-only call: the returned word as a bigint. */
  read(to: Hex, data: Hex): Promise<bigint>
  tokenBalance(address: Hex): Promise<bigint>
}

/**
 * Deploy everything and start the executor on 127.0.0.1.
 * @param executorChain the chain as the executor sees it (default the chain itself), e.g. one where something else happens between its simulation and its transaction
 * @throws {Error} a setup transaction that reverted
 */
export async function createWorld(executorChain: (chain: MemoryChain) => Chain = (chain) => chain): Promise<World> {
  const owner = addressOf(OWNER_KEY)
  const deployer = addressOf(DEPLOYER_KEY)
  const chain = await createMemoryChain({ time: Math.floor(Date.now() / 1000), alloc: { [owner]: 100n * ETH, [addressOf(EXECUTOR_KEY)]: 10n * ETH, [deployer]: 10n * ETH } })
  const transact = async (key: Uint8Array, to: Hex | undefined, data: Hex, value = 0n): Promise<Receipt> => {
    const from = addressOf(key)
    const raw = signCall({ chainId: chain.chainId, nonce: await chain.nonce(from), ...(to === undefined ? {} : { to }), value, data, gasLimit: 5_000_000n, maxFeePerGas: 10n ** 9n }, key)
    const receipt = await chain.receipt(await chain.send(raw))
    if (receipt.status !== 'success') throw new Error(`setup transaction ${receipt.hash} reverted`)
    return receipt
  }
  const deploy = async (key: Uint8Array, code: Hex): Promise<Hex> => {
    const nonce = await chain.nonce(addressOf(key))
    await transact(key, undefined, code)
    return ContractAddress.fromCreate({ from: addressOf(key), nonce }).toLowerCase() as Hex
  }
  const token = await deploy(DEPLOYER_KEY, Token.bytecode)
  const shop = await deploy(DEPLOYER_KEY, `${Shop.bytecode}${token.slice(2).padStart(64, '0')}` as Hex)
  const account = await deploy(OWNER_KEY, `${SmartAccount.bytecode}${owner.slice(2).padStart(64, '0')}` as Hex)
  await transact(OWNER_KEY, account, '0x', 5n * ETH)
  await transact(DEPLOYER_KEY, token, AbiFunction.encodeData(AbiFunction.fromAbi(Token.abi, 'mint'), [account, 1000n * USDC]))
  // Item 1: 0.05 ETH; item 2: 0.2 ETH; item 3: 20 USDC.
  const setPrice = AbiFunction.fromAbi(Shop.abi, 'setPrice')
  await transact(DEPLOYER_KEY, shop, AbiFunction.encodeData(setPrice, [1n, ETH / 20n, 0n]))
  await transact(DEPLOYER_KEY, shop, AbiFunction.encodeData(setPrice, [2n, ETH / 5n, 0n]))
  await transact(DEPLOYER_KEY, shop, AbiFunction.encodeData(setPrice, [3n, 0n, 20n * USDC]))
  await transact(OWNER_KEY, account, AbiFunction.encodeData(AbiFunction.fromAbi(SmartAccount.abi, 'setExecutor'), [addressOf(EXECUTOR_KEY)]))

  const user = await generateSigner('Ed25519')
  const service = await generateSigner('Ed25519')
  const guard = createGuard({ service: service.did(), store: createMemoryStore(), rootFormats: [siweRootFormat({ domains: [DEMO_DOMAIN] })], statuses: EXECUTOR_STATUSES, now: () => chain.now() })
  const wallet = didPkh(Number(chain.chainId), toChecksumAddress(owner))
  const execute = evmExecutorHandler({ guard, chain: executorChain(chain), key: EXECUTOR_KEY, accountOf: (subject) => (subject === user.did() || subject === wallet ? account : undefined) })
  const revoke = revokeHandler(guard)
  const served = await serveFetch((request) => (new URL(request.url).pathname === '/revoke' ? revoke(request) : execute(request)))
  const read = async (to: Hex, data: Hex): Promise<bigint> => {
    const result = await chain.simulate({ from: owner, to, value: 0n, data })
    if (!result.ok) throw new Error(`read of ${to} reverted`)
    return BigInt(result.returned)
  }
  return {
    chain,
    token,
    shop,
    account,
    owner,
    wallet: localWallet({ privateKey: OWNER_KEY, chainId: Number(chain.chainId) }),
    guard,
    url: served.url,
    user,
    service,
    close: () => served.close(),
    transact,
    read,
    tokenBalance: (address) => read(token, AbiFunction.encodeData(AbiFunction.fromAbi(Token.abi, 'balanceOf'), [address])),
  }
}

/** The user's grant of `/evm/call` to `bot` under `policy`. */
export function grant(world: World, bot: Signer, policy: IPLDValue[], expiration: number | null = world.chain.now() + 3600): Promise<Delegation> {
  return createDelegation({ issuer: world.user, audience: bot.did(), subject: world.user.did(), command: '/evm/call', policy, expiration })
}

/** `POST /evm/call` with `args` (`evmCallArgs`), invoked by `bot` through `chain`. */
export async function invoke(world: World, bot: Signer, chain: readonly Delegation[], args: IPLDMap, expiration = world.chain.now() + 60): Promise<Response> {
  const invocation = await createInvocation({
    issuer: bot,
    subject: world.user.did(),
    audience: world.service.did(),
    command: '/evm/call',
    args,
    proofs: chain.map((link) => link.cid),
    expiration,
  })
  return send(world, `UCAN ${encodeContainerString([invocation.bytes, ...chain.map((link) => link.bytes)])}`)
}

/** The request itself, with an `Authorization` header made already (to send it twice); it has no body. */
export function send(world: World, authorization: string): Promise<Response> {
  return fetch(`${world.url}/evm/call`, { method: 'POST', headers: { authorization } })
}
