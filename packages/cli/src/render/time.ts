/** A Unix timestamp as `1753353393 (2025-07-24T10:36:33Z)`; `null` as "never". */
export function formatTime(seconds: number | null | undefined): string {
  if (seconds === null) return 'never'
  if (seconds === undefined) return '-'
  const date = new Date(seconds * 1000)
  const iso = Number.isNaN(date.getTime()) ? 'out of range' : date.toISOString().replace('.000Z', 'Z')
  return `${seconds} (${iso})`
}
