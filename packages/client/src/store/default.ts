import { nodeBuiltins } from '../node/builtins.js'
import { fileStore } from './file.js'
import { indexedDbStore } from './indexeddb.js'
import type { ClientStore } from './interface.js'

/** IndexedDB in a browser; in Node, a key file under `~/.capchain/client`. */
export function defaultStore(): ClientStore {
  if (typeof indexedDB !== 'undefined') return indexedDbStore()
  const { os, path } = nodeBuiltins()
  return fileStore(path.join(os.homedir(), '.capchain', 'client'))
}
