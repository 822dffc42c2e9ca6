/** Decimal units as storage vendors and file managers show them, and the binary ones for who types them. */
export const SIZE_UNITS: Readonly<Record<string, bigint>> = {
  b: 1n,
  kb: 1000n,
  mb: 1000n ** 2n,
  gb: 1000n ** 3n,
  tb: 1000n ** 4n,
  kib: 1024n,
  mib: 1024n ** 2n,
  gib: 1024n ** 3n,
  tib: 1024n ** 4n,
}

/** What `formatSize` shows, largest first. */
export const DISPLAY_UNITS: readonly (readonly [string, number])[] = [
  ['TB', 1e12],
  ['GB', 1e9],
  ['MB', 1e6],
  ['KB', 1e3],
]
