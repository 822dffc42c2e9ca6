/**
 * RFC 3986 syntax checks: `URI`, `authority`, `scheme` and `*pchar`.
 *
 * Hand-written rather than taken from a URL library on purpose: WHATWG `URL`
 * (and most npm parsers) normalise and accept things RFC 3986 rejects
 * (spaces, `\`, bare `%`, IPv6 zone ids), and EIP-4361 requires RFC 3986.
 * Every pattern below is a single pass over the input: the alternatives in each
 * repetition are disjoint, so there is no backtracking blow-up on long input.
 */

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*$/
// unreserved / pct-encoded / sub-delims / ":" / "@"  (and "/" "?" where the rule allows them)
const PCHARS = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})*$/
const PATH_CHARS = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})*$/
const QUERY_CHARS = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*$/
const USERINFO = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:]|%[0-9A-Fa-f]{2})*$/
const REG_NAME = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/
const PORT = /^[0-9]*$/
const H16 = /^[0-9A-Fa-f]{1,4}$/
const DEC_OCTET = /^(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9][0-9]|[0-9])$/
const IPV_FUTURE = /^[vV][0-9A-Fa-f]+\.[A-Za-z0-9\-._~!$&'()*+,;=:]+$/

/** `scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )` */
export function isScheme(text: string): boolean {
  return SCHEME.test(text)
}

/** `*pchar`, the EIP-4361 `request-id`. */
export function isPchars(text: string): boolean {
  return PCHARS.test(text)
}

function isIPv4(text: string): boolean {
  const parts = text.split('.')
  return parts.length === 4 && parts.every((part) => DEC_OCTET.test(part))
}

/** RFC 3986 `IPv6address`: up to eight h16 groups, at most one `::`, an optional trailing IPv4 `ls32`. */
function isIPv6(text: string): boolean {
  const gap = text.indexOf('::')
  if (gap !== text.lastIndexOf('::')) return false
  const groupsOf = (part: string): number | undefined => {
    if (part === '') return 0
    const pieces = part.split(':')
    let groups = 0
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i] as string
      if (H16.test(piece)) groups += 1
      else if (i === pieces.length - 1 && isIPv4(piece)) groups += 2
      else return undefined
    }
    return groups
  }
  if (gap === -1) return groupsOf(text) === 8
  const head = text.slice(0, gap)
  const tail = text.slice(gap + 2)
  // The IPv4 tail (ls32) may only end the address, never the part before `::`.
  if (head.includes('.')) return false
  const before = groupsOf(head)
  const after = groupsOf(tail)
  return before !== undefined && after !== undefined && before + after <= 7
}

function isHost(host: string): boolean {
  if (host.startsWith('[')) {
    if (!host.endsWith(']')) return false
    const inner = host.slice(1, -1)
    return isIPv6(inner) || IPV_FUTURE.test(inner)
  }
  // IPv4address is a subset of reg-name, so reg-name alone decides validity.
  return REG_NAME.test(host)
}

/**
 * `authority = [ userinfo "@" ] host [ ":" port ]`. With `requireHost`, an
 * empty host (which RFC 3986 allows) is refused.
 */
export function isAuthority(text: string, requireHost = false): boolean {
  const at = text.lastIndexOf('@')
  const userinfo = at === -1 ? '' : text.slice(0, at)
  const hostPort = at === -1 ? text : text.slice(at + 1)
  if (!USERINFO.test(userinfo)) return false
  let host = hostPort
  let port = ''
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']')
    if (close === -1) return false
    host = hostPort.slice(0, close + 1)
    const rest = hostPort.slice(close + 1)
    if (rest !== '') {
      if (!rest.startsWith(':')) return false
      port = rest.slice(1)
    }
  } else {
    const colon = hostPort.indexOf(':')
    if (colon !== -1) {
      host = hostPort.slice(0, colon)
      port = hostPort.slice(colon + 1)
    }
  }
  if (requireHost && host === '') return false
  return isHost(host) && PORT.test(port)
}

/** RFC 3986 `URI = scheme ":" hier-part [ "?" query ] [ "#" fragment ]` (absolute, fragment allowed). */
export function isUri(text: string): boolean {
  const colon = text.indexOf(':')
  if (colon === -1 || !isScheme(text.slice(0, colon))) return false
  let rest = text.slice(colon + 1)
  const hash = rest.indexOf('#')
  if (hash !== -1) {
    if (!QUERY_CHARS.test(rest.slice(hash + 1))) return false
    rest = rest.slice(0, hash)
  }
  const question = rest.indexOf('?')
  if (question !== -1) {
    if (!QUERY_CHARS.test(rest.slice(question + 1))) return false
    rest = rest.slice(0, question)
  }
  if (rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2)
    const authority = slash === -1 ? rest.slice(2) : rest.slice(2, slash)
    const path = slash === -1 ? '' : rest.slice(slash)
    return isAuthority(authority) && PATH_CHARS.test(path)
  }
  // path-absolute / path-rootless / path-empty: pchar and "/" only, never starting with "//" (handled above).
  return PATH_CHARS.test(rest)
}
