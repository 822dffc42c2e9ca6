/**
 * Wallet-issued UCAN roots (did:pkh issuers, no SIWE) of contract wallets,
 * against real contracts in a real EVM: `OwnerWallet` (an ERC-1271 wallet
 * owned by an EOA, test/contracts/OwnerWallet.sol) deployed with CREATE2,
 * one left counterfactual (ERC-6492), checked by `contractSignatureChecker`
 * over an `eth_call` client (chain.ts), through a real verifier.
 */
import { envelopeIdentity } from '@capchain/core/envelope'
import { InvalidSignatureError } from '@capchain/core/errors'
import type { DID } from '@capchain/core/principal'
import type { Delegation } from '@capchain/core/token'
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  ContractSignatureUnavailableError,
  contractSignatureChecker,
  didPkh,
  ERC6492_MAGIC_SUFFIX,
  pkhRootVerifier,
  toChecksumAddress,
  type ContractSignatureChecker,
  type Hex,
} from '../../src/index.js'
import type { RootVerifier } from '@capchain/verifier'
import { personalSign, SECRET_KEY_ADDRESS } from '../helpers.js'
import { pkhRoot, readThrough } from '../pkh-helpers.js'
import { OTHER_KEY } from '../root-helpers.js'
import { localChain, type LocalChain } from './chain.js'
import { compileContracts, type CompiledContract } from './solidity.js'

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
let deployed: DID
let counterfactual: DID
let checker: ContractSignatureChecker
let pkh: RootVerifier

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
  deployed = didPkh(1, await predicted(SALT_DEPLOYED))
  counterfactual = didPkh(1, await predicted(SALT_COUNTERFACTUAL))
  await chain.transact({ to: factory, data: deployCall(SECRET_KEY_ADDRESS, SALT_DEPLOYED) })
  checker = contractSignatureChecker((chainId) => (chainId === 1 ? chain.client : undefined))
  pkh = pkhRootVerifier({ contractSignatures: checker })
}, 30_000)

async function outcome(verifier: RootVerifier, root: Delegation, subject: DID) {
  const result = await readThrough(verifier, [root], subject)
  return result.ok ? { ok: true as const, identity: result.links[0]!.identity } : { ok: false as const, error: result.error }
}

describe('a did:pkh root of a contract wallet', () => {
  it('ERC-1271: the deployed wallet accepts its owner\'s signature', async () => {
    const verdict = await outcome(pkh, pkhRoot({ iss: deployed }), deployed)
    expect(verdict.ok, verdict.ok ? '' : verdict.error.message).toBe(true)
  })

  it('ERC-6492: the counterfactual wallet accepts its owner\'s wrapped signature, and stays undeployed', async () => {
    const wrap = (bytes: Uint8Array) => wrap6492(factory, deployCall(SECRET_KEY_ADDRESS, SALT_COUNTERFACTUAL), personalSign(bytes))
    const verdict = await outcome(pkh, pkhRoot({ iss: counterfactual, sign: wrap }), counterfactual)
    expect(verdict.ok, verdict.ok ? '' : verdict.error.message).toBe(true)
    expect(await chain.code(didAddress(counterfactual))).toBe('0x')
  })

  it('one statement, one identity: the deployed wallet\'s signature wrapped in ERC-6492 by anyone is accepted too, with the same identity', async () => {
    const plain = pkhRoot({ iss: deployed })
    const wrapped = pkhRoot({ iss: deployed, sign: (bytes) => wrap6492(factory, deployCall(SECRET_KEY_ADDRESS, SALT_DEPLOYED), personalSign(bytes)) })
    expect(wrapped.cid.equals(plain.cid)).toBe(false)
    const [a, b] = [await outcome(pkh, plain, deployed), await outcome(pkh, wrapped, deployed)]
    if (!a.ok || !b.ok) return expect.fail('both encodings must verify')
    expect(a.identity.equals(b.identity)).toBe(true)
    expect(a.identity.equals(envelopeIdentity(wrapped.envelope))).toBe(true)
  })

  describe('near misses', () => {
    it('a contract that refuses (another key signed) → ERR_SIGNATURE_MISMATCH (InvalidSignatureError)', async () => {
      const verdict = await outcome(pkh, pkhRoot({ iss: deployed, secretKey: OTHER_KEY }), deployed)
      if (verdict.ok) return expect.fail('expected a denial')
      expect(verdict.error.code).toBe('ERR_SIGNATURE_MISMATCH')
      expect(verdict.error.cause).toBeInstanceOf(InvalidSignatureError)
      expect((verdict.error.cause as Error).message).toContain('does not accept it')
    })

    it('a counterfactual wallet whose wrapped signature is by another key → ERR_SIGNATURE_MISMATCH', async () => {
      const wrap = (bytes: Uint8Array) => wrap6492(factory, deployCall(SECRET_KEY_ADDRESS, SALT_COUNTERFACTUAL), personalSign(bytes, OTHER_KEY))
      const verdict = await outcome(pkh, pkhRoot({ iss: counterfactual, sign: wrap }), counterfactual)
      expect(verdict.ok ? 'accepted' : verdict.error.code).toBe('ERR_SIGNATURE_MISMATCH')
    })

    it('the wallet on a chain the checker has no client for → ERR_SIGNATURE_MISMATCH (ContractSignatureUnavailableError)', async () => {
      const elsewhere = didPkh(10, didAddress(deployed))
      const verdict = await outcome(pkh, pkhRoot({ iss: elsewhere }), elsewhere)
      if (verdict.ok) return expect.fail('expected a denial')
      expect(verdict.error.cause).toBeInstanceOf(ContractSignatureUnavailableError)
    })

    it('without a contract checker → ERR_SIGNATURE_MISMATCH (InvalidSignatureError): only EOAs are accepted', async () => {
      const verdict = await outcome(pkhRootVerifier(), pkhRoot({ iss: deployed }), deployed)
      if (verdict.ok) return expect.fail('expected a denial')
      expect(verdict.error.code).toBe('ERR_SIGNATURE_MISMATCH')
      expect(verdict.error.cause).toBeInstanceOf(InvalidSignatureError)
    })

    it('without a contract checker, an ERC-6492 signature → ERR_SIGNATURE_MISMATCH (ContractSignatureUnavailableError)', async () => {
      const wrap = (bytes: Uint8Array) => wrap6492(factory, deployCall(SECRET_KEY_ADDRESS, SALT_COUNTERFACTUAL), personalSign(bytes))
      const verdict = await outcome(pkhRootVerifier(), pkhRoot({ iss: counterfactual, sign: wrap }), counterfactual)
      if (verdict.ok) return expect.fail('expected a denial')
      expect(verdict.error.cause).toBeInstanceOf(ContractSignatureUnavailableError)
    })
  })
})

function didAddress(did: DID): Hex {
  return did.split(':').at(-1) as Hex
}
