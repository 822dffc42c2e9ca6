import { base16 } from 'multiformats/bases/base16'
import type { EthersSignerLike, WalletSigner } from './interface.js'

/** An ethers v6 `Signer`: `getAddress()` and `signMessage(message)`. */
export function isEthersSigner(value: object): value is EthersSignerLike {
  const candidate = value as Partial<Record<keyof EthersSignerLike, unknown>>
  return typeof candidate.getAddress === 'function' && typeof candidate.signMessage === 'function'
}

export function ethersSignerSigner(signer: EthersSignerLike): WalletSigner {
  return {
    kind: 'ethers Signer',
    address: () => signer.getAddress(),
    async chainId() {
      const network = await signer.provider?.getNetwork()
      return network === undefined ? undefined : Number(network.chainId)
    },
    // Bytes, not the hex string: ethers signs a string as its UTF-8 text, which would sign the hex digits themselves.
    // multiformats' base16 (lower case, as the session code writes it) rather than uint8arrays, which bundles every base.
    signMessage: (data) => signer.signMessage(base16.baseDecode(data.slice(2).toLowerCase())),
  }
}
