import { byId } from './dom.js'

/** What the page's actions depend on. */
export interface PageState {
  /** A request is in flight: every action waits for it. */
  readonly busy: boolean
  /** A wallet was found (EIP-6963 or `window.ethereum`). */
  readonly wallet: boolean
  /** A wallet session that is neither expired nor revoked. */
  readonly session: boolean
  /** A session or an imported share: something files can be used under. */
  readonly authority: boolean
}

const WAIT = 'Wait for the current request to finish'

function enable(id: string, blockers: readonly (readonly [boolean, string])[]): void {
  const element = byId<HTMLButtonElement>(id)
  const blocker = blockers.find(([blocked]) => blocked)
  element.disabled = blocker !== undefined
  element.title = blocker?.[1] ?? ''
}

/**
 * Every button enabled exactly when its action can work, with the reason
 * as its tooltip otherwise: clicking is never how a visitor learns that
 * they must sign in first.
 */
export function updateControls(state: PageState): void {
  const filled = (id: string) => byId<HTMLInputElement | HTMLTextAreaElement>(id).value.trim() !== ''
  enable('sign-in', [
    [state.busy, WAIT],
    [!state.wallet, 'No Ethereum wallet in this browser: see the note above'],
  ])
  enable('refresh', [
    [state.busy, WAIT],
    [!state.authority, 'Sign in, or use a shared folder, first'],
  ])
  enable('upload', [
    [state.busy, WAIT],
    [!state.authority, 'Sign in, or use a shared folder, first'],
    [(byId<HTMLInputElement>('file').files?.length ?? 0) === 0, 'Choose a file first'],
  ])
  enable('share', [
    [state.busy, WAIT],
    [!state.session, 'Sign in first: only a session can share'],
    [!filled('share-to'), "Enter the other agent's DID first"],
  ])
  enable('import', [
    [state.busy, WAIT],
    [!filled('import-input'), 'Paste what you were given first'],
  ])
  document.querySelectorAll<HTMLButtonElement>('#listing button, #access button').forEach((element) => {
    // A session is revoked by the wallet that signed it in; a grant by this browser's key alone.
    element.disabled = state.busy || element.dataset.revoked === 'true' || (element.dataset.kind === 'session' && !state.wallet)
  })
}
