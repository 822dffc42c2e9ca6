import { DISPLAY_UNITS } from './units.js'

/** Bytes for a person: `999 B`, `1 KB`, `1.5 MB`, `2.35 GB` (decimal units, at most two decimals). */
export function formatSize(bytes: number): string {
  const unit = DISPLAY_UNITS.find(([, size]) => bytes >= size)
  if (unit === undefined) return `${bytes} B`
  const [name, size] = unit
  return `${Number((bytes / size).toFixed(2))} ${name}`
}
