/** The current time in unix seconds, the unit of every UCAN timestamp. */
export function unixNow(): number {
  return Math.floor(Date.now() / 1000)
}
