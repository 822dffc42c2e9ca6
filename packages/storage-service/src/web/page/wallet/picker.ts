import { byId } from '../dom.js'
import type { DiscoveredWallet } from './discover.js'

export interface WalletPicker {
  /** Shows the wallets found so far. */
  show(found: readonly DiscoveredWallet[]): void
  chosen(): DiscoveredWallet | undefined
}

/**
 * The wallet choice: a list only when there are several, the hint for a
 * visitor without any; `chosen()` is the one selected (the only one, or
 * none).
 */
export function walletPicker(onChange: () => void): WalletPicker {
  let wallets: readonly DiscoveredWallet[] = []
  const select = byId<HTMLSelectElement>('wallet-choice')
  select.addEventListener('change', onChange)
  return {
    show(found) {
      const previous = select.value
      wallets = found
      select.replaceChildren(
        ...found.map((wallet) => {
          const option = document.createElement('option')
          option.value = wallet.id
          option.textContent = wallet.name
          return option
        }),
      )
      if (found.some((wallet) => wallet.id === previous)) select.value = previous
      byId('wallet-choice-label').hidden = found.length < 2
      byId('no-wallet').hidden = found.length > 0
      onChange()
    },
    chosen() {
      return wallets.find((wallet) => wallet.id === select.value) ?? wallets[0]
    },
  }
}
