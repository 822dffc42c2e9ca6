/**
 * Contract-wallet SIWE roots against real contracts in a real EVM:
 * `OwnerWallet` (test/contracts/OwnerWallet.sol, an ERC-1271 wallet owned by
 * an EOA) deployed by `OwnerWalletFactory` with CREATE2, and the ERC-6492
 * reference validator, all compiled here by solc and run by @ethereumjs/evm
 * through `contractSignatureChecker` over an `eth_call` client (chain.ts).
 */
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  addressFromPublicKey,
  contractSignatureChecker,
  cacaoIdentity,
  createSiweRoot,
  didPkh,
  encodeCacao,
  ERC6492_MAGIC_SUFFIX,
  hashPersonalMessage,
  toChecksumAddress,
  verifySiweRoot,
  type ContractSignatureChecker,
  type Hex,
} from '../../src/index.js'
import { VALIDATE_SIG_OFFCHAIN_BYTECODE } from '../../src/contract-wallet/validator-bytecode.js'
import { personalSign, SECRET_KEY, SECRET_KEY_ADDRESS } from '../helpers.js'
import { NOW, OTHER_KEY, PHOTOS_WRITE_POLICY, rejection, SESSION } from '../root-helpers.js'
import { localChain, type LocalChain } from './chain.js'
import { compileContracts, type CompiledContract } from './solidity.js'

const OTHER_ADDRESS = addressFromPublicKey(secp256k1.getPublicKey(OTHER_KEY))
const SALT_DEPLOYED = `0x${'01'.padStart(64, '0')}` as const
const SALT_COUNTERFACTUAL = `0x${'02'.padStart(64, '0')}` as const

/** A 32-byte ABI word. */
const word = (hex: string): string => hex.replace(/^0x/, '').toLowerCase().padStart(64, '0')
/** ABI `bytes` in a tail: length word and zero-padded data. */
const tail = (hex: string): string => {
  const data = hex.replace(/^0x/, '')
  return word((data.length / 2).toString(16)) + data.padEnd(Math.ceil(data.length / 64) * 64, '0')
}

/** ERC-6492 wrapping: `abi.encode(factory, factoryCalldata, signature) ‖ magic`. */
function wrap6492(factory: string, calldata: string, signature: Uint8Array): Uint8Array {
  const first = tail(calldata)
  const encoded = word(factory) + word((3 * 32).toString(16)) + word((3 * 32 + first.length / 2).toString(16)) + first + tail(bytesToHex(signature))
  return hexToBytes(encoded + ERC6492_MAGIC_SUFFIX.slice(2))
}

let chain: LocalChain
let contracts: Record<string, CompiledContract>
let factory: Hex
let deployed: string
let counterfactual: string
let checker: ContractSignatureChecker

const deployCall = (owner: string, salt: string): Hex => {
  const selector = contracts['OwnerWallet.sol:OwnerWalletFactory']?.selectors['deploy(address,bytes32)'] as string
  return `0x${selector}${word(owner)}${word(salt)}`
}

beforeAll(async () => {
  contracts = compileContracts()
  chain = await localChain()
  factory = (await chain.transact({ data: `0x${contracts['OwnerWallet.sol:OwnerWalletFactory']?.bytecode}` })).created as Hex
  const addressOf = `0x${contracts['OwnerWallet.sol:OwnerWalletFactory']?.selectors['addressOf(address,bytes32)']}`
  const predicted = async (salt: string) =>
    toChecksumAddress(`0x${(await chain.client.call({ to: factory, data: `${addressOf}${word(SECRET_KEY_ADDRESS)}${word(salt)}` as Hex })).data?.slice(-40)}`)
  deployed = await predicted(SALT_DEPLOYED)
  counterfactual = await predicted(SALT_COUNTERFACTUAL)
  const made = await chain.transact({ to: factory, data: deployCall(SECRET_KEY_ADDRESS, SALT_DEPLOYED) })
  expect(toChecksumAddress(`0x${made.returned.slice(-40)}`)).toBe(deployed)
  checker = contractSignatureChecker((chainId) => (chainId === 1 ? chain.client : undefined))
}, 30_000)

/** A root for the wallet at `address`, signed by `key`'s personal_sign, optionally wrapped. */
function walletRoot(address: string, options: { key?: Uint8Array; chainId?: number; wrap?: (signature: Uint8Array) => Uint8Array } = {}) {
  return createSiweRoot({
    signMessage: async (message) => (options.wrap ?? ((s) => s))(personalSign(message, options.key ?? SECRET_KEY)),
    address,
    chainId: options.chainId ?? 1,
    domain: 'photos.example',
    uri: SESSION.did(),
    capabilities: [{ command: '/storage/write', policy: PHOTOS_WRITE_POLICY }],
    issuedAt: '2025-01-01T00:00:00Z',
    expirationTime: '2025-01-02T00:00:00Z',
  })
}

describe('the compiled contracts', () => {
  it('embed the ERC-6492 reference validator exactly as solc compiles contracts/UniversalSigValidator.sol', () => {
    expect(VALIDATE_SIG_OFFCHAIN_BYTECODE).toBe(`0x${contracts['UniversalSigValidator.sol:ValidateSigOffchain']?.bytecode}`)
  })

  it('deployed one wallet and left the other counterfactual', async () => {
    expect((await chain.code(deployed as Hex)).length).toBeGreaterThan(2)
    expect(await chain.code(counterfactual as Hex)).toBe('0x')
  })
})

describe('ERC-1271: a deployed wallet', () => {
  it("accepts a root signed by the wallet's owner, checked by the contract", async () => {
    const root = await walletRoot(deployed)
    expect(root.signatureType).toBe('eip1271')
    const link = await verifySiweRoot(root.cacao, { now: NOW, contractSignatures: checker })
    expect([link.iss, link.signer]).toStrictEqual([didPkh(1, deployed), 'contract'])
    expect(link.capabilities).toStrictEqual([{ command: '/storage/write', policy: PHOTOS_WRITE_POLICY }])
  })

  it('refuses a root signed by another key', async () => {
    const error = await rejection(verifySiweRoot((await walletRoot(deployed, { key: OTHER_KEY })).cacao, { now: NOW, contractSignatures: checker }))
    expect([error.code, error.at]).toStrictEqual(['ERR_SIGNATURE_INVALID', 's.s'])
  })

  it('asks the contract for exactly the EIP-191 hash of the message: another hash is refused', async () => {
    const root = await walletRoot(deployed)
    expect(await checker.isValidSignature(deployed, hashPersonalMessage(root.message), root.signature, 1)).toBe(true)
    expect(await checker.isValidSignature(deployed, hashPersonalMessage(`${root.message} `), root.signature, 1)).toBe(false)
    expect(await checker.isValidSignature(deployed, new Uint8Array(32), root.signature, 1)).toBe(false)
  })

  it('also checks an eip191-tagged signature on chain when it does not recover to the address (what didtools writes)', async () => {
    const root = await walletRoot(deployed)
    const tagged = encodeCacao({ message: root.message, signature: root.signature, signatureType: 'eip191' })
    const link = await verifySiweRoot(tagged.bytes, { now: NOW, contractSignatures: checker })
    expect(link.signer).toBe('contract')
    expect(link.identity.toString()).toBe(cacaoIdentity(root.fields).toString())
  })

  it('refuses when no checker is configured, or no client serves the chain', async () => {
    const unchecked = await rejection(verifySiweRoot((await walletRoot(deployed)).cacao, { now: NOW }))
    expect(unchecked.code).toBe('ERR_CONTRACT_SIGNATURE_UNAVAILABLE')
    const otherChain = await rejection(verifySiweRoot((await walletRoot(deployed, { chainId: 10 })).cacao, { now: NOW, contractSignatures: checker }))
    expect([otherChain.code, otherChain.at]).toStrictEqual(['ERR_CONTRACT_SIGNATURE_UNAVAILABLE', 'p.iss'])
  })

  it('never accepts for an address without code, and still accepts its key directly', async () => {
    // The owner signing as the wallet's address: not the owner's own account, no code at the address.
    const noCode = await rejection(verifySiweRoot((await walletRoot(OTHER_ADDRESS)).cacao, { now: NOW, contractSignatures: checker }))
    expect(noCode.code).toBe('ERR_SIGNATURE_INVALID')
    const eoa = await verifySiweRoot((await walletRoot(SECRET_KEY_ADDRESS)).cacao, { now: NOW, contractSignatures: checker })
    expect(eoa.signer).toBe('eoa')
  })

  it('turns a failing checker into a typed error', async () => {
    const broken: ContractSignatureChecker = { isValidSignature: async () => Promise.reject(new Error('socket hang up')) }
    const error = await rejection(verifySiweRoot((await walletRoot(deployed)).cacao, { now: NOW, contractSignatures: broken }))
    expect(error.code).toBe('ERR_CONTRACT_SIGNATURE_UNAVAILABLE')
  })
})

describe('ERC-6492: a counterfactual wallet', () => {
  const wrapped = (owner: string) => (signature: Uint8Array) => wrap6492(factory, deployCall(owner, SALT_COUNTERFACTUAL), signature)

  it('accepts a root signed by the owner of a wallet not deployed yet, and deploys nothing', async () => {
    const root = await walletRoot(counterfactual, { wrap: wrapped(SECRET_KEY_ADDRESS) })
    expect(root.signatureType).toBe('eip1271')
    const link = await verifySiweRoot(root.cacao, { now: NOW, contractSignatures: checker })
    expect([link.iss, link.signer]).toStrictEqual([didPkh(1, counterfactual), 'contract'])
    expect(await chain.code(counterfactual as Hex)).toBe('0x')
  })

  it('refuses another key signing for the same wallet', async () => {
    const root = await walletRoot(counterfactual, { key: OTHER_KEY, wrap: wrapped(SECRET_KEY_ADDRESS) })
    const error = await rejection(verifySiweRoot(root.cacao, { now: NOW, contractSignatures: checker }))
    expect([error.code, error.at]).toStrictEqual(['ERR_SIGNATURE_INVALID', 's.s'])
  })

  it('refuses a factory call that deploys some other wallet (CREATE2 binds the address to its owner)', async () => {
    const root = await walletRoot(counterfactual, { key: OTHER_KEY, wrap: wrapped(OTHER_ADDRESS) })
    // The validator's isValidSignature call hits an address without code, reverts, and the eth_call throws.
    const error = await rejection(verifySiweRoot(root.cacao, { now: NOW, contractSignatures: checker }))
    expect(error.code).toBe('ERR_CONTRACT_SIGNATURE_UNAVAILABLE')
  })

  it('refuses another hash, and needs a checker', async () => {
    const root = await walletRoot(counterfactual, { wrap: wrapped(SECRET_KEY_ADDRESS) })
    expect(await checker.isValidSignature(counterfactual, new Uint8Array(32), root.signature, 1)).toBe(false)
    expect((await rejection(verifySiweRoot(root.cacao, { now: NOW }))).code).toBe('ERR_CONTRACT_SIGNATURE_UNAVAILABLE')
  })

  it('still accepts the wrapped signature once the wallet is deployed', async () => {
    const root = await walletRoot(counterfactual, { wrap: wrapped(SECRET_KEY_ADDRESS) })
    await chain.transact({ to: factory, data: deployCall(SECRET_KEY_ADDRESS, SALT_COUNTERFACTUAL) })
    expect((await chain.code(counterfactual as Hex)).length).toBeGreaterThan(2)
    expect((await verifySiweRoot(root.cacao, { now: NOW, contractSignatures: checker })).signer).toBe('contract')
  })
})
