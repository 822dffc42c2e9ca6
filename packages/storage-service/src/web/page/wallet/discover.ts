/**
 * EIP-6963 wallet discovery: every installed wallet announces itself with
 * its name and its own provider, so several wallets no longer fight over
 * `window.ethereum`. A wallet that predates EIP-6963 is still found there.
 */
import type { Eip1193Provider } from '@capchain/client'

/** A wallet the visitor can sign in with. */
export interface DiscoveredWallet {
  /** The announcement's `uuid`, or `window.ethereum`. */
  readonly id: string
  readonly name: string
  readonly provider: Eip1193Provider
}

interface Eip6963Announcement {
  readonly info?: { readonly uuid?: unknown; readonly name?: unknown }
  readonly provider?: Eip1193Provider
}

declare global {
  interface Window {
    ethereum?: Eip1193Provider
  }
}

const LEGACY_ID = 'window.ethereum'

/**
 * Calls `onChange` with the wallets found so far: at once, and again on
 * every later announcement (an extension that loads after the page). An
 * announcement that is not a wallet (no `request`, no name) is ignored.
 */
export function discoverWallets(onChange: (wallets: readonly DiscoveredWallet[]) => void): void {
  const announced = new Map<string, DiscoveredWallet>()
  const report = () => {
    const legacy = window.ethereum
    if (announced.size > 0 || legacy === undefined) onChange([...announced.values()])
    else onChange([{ id: LEGACY_ID, name: 'Browser wallet (window.ethereum)', provider: legacy }])
  }
  window.addEventListener('eip6963:announceProvider', (event) => {
    const detail = (event as CustomEvent<Eip6963Announcement>).detail
    const { uuid, name } = detail?.info ?? {}
    if (typeof uuid !== 'string' || typeof name !== 'string' || typeof detail.provider?.request !== 'function') return
    announced.set(uuid, { id: uuid, name, provider: detail.provider })
    report()
  })
  // MetaMask's event for a provider injected after the page's scripts ran.
  window.addEventListener('ethereum#initialized', report, { once: true })
  window.dispatchEvent(new Event('eip6963:requestProvider'))
  report()
}
