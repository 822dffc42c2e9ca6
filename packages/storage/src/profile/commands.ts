/**
 * The storage profile's commands. Each operation is its own command, so the
 * UCAN command, the one place a verifier compares operations, is what
 * restricts them; policies only ever see `args`.
 */

export const STORAGE_OPS = ['read', 'write', 'list', 'delete'] as const

export type StorageOp = (typeof STORAGE_OPS)[number]

/** Covers every storage operation (`/storage/read` … by whole segments). */
export const STORAGE_COMMAND = '/storage'

export function storageCommand(op: StorageOp): string {
  return `${STORAGE_COMMAND}/${op}`
}

/** The operation a command invokes, or `undefined` for anything that is not exactly one storage operation. */
export function storageOpOf(command: string): StorageOp | undefined {
  return STORAGE_OPS.find((op) => storageCommand(op) === command)
}

export function isStorageOp(value: unknown): value is StorageOp {
  return STORAGE_OPS.includes(value as StorageOp)
}

/** Operations that move bytes, and so declare them in `size` and charge them to byte caps. */
export function movesBytes(op: StorageOp): boolean {
  return op === 'read' || op === 'write'
}
