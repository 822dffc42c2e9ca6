/**
 * Security review item 2 (issue 14) as a benchmark: the most expensive
 * request an anonymous client can build (a wallet of its own signs in, then
 * did:key delegations carry its policies), against an honest authorized GET
 * of a small file, on the same real service on 127.0.0.1. Every request is
 * sent alone (no concurrency), so its time is the service's time for it
 * plus one loopback round trip. Prints a table and the ratio worst/honest
 * (target ≤ 10×; docs/performance.md, "Unauthenticated CPU amplification").
 *
 *   node --conditions=capchain-source --import tsx packages/attacks/bench/cpu-amplification.ts [--rounds N]
 */
import type { IPLDValue } from '@capchain/core'
import { amplificationRequest, LONG_PATH, REVIEWER_POLICY } from '../test/cpu-attack.js'
import type { AmplificationShape } from '../test/cpu-attack.js'
import { invokeOverHttp, routeUrl, signInOverHttp, startServiceUnderAttack } from '../test/support/http.js'
import type { HttpSession, ServiceUnderAttack } from '../test/support/http.js'

const roundsAt = process.argv.indexOf('--rounds')
const rounds = roundsAt === -1 ? 40 : Number(process.argv[roundsAt + 1])
if (!Number.isSafeInteger(rounds) || rounds < 1) throw new Error(`--rounds takes a positive integer, got ${String(process.argv[roundsAt + 1])}`)

const like = (count: number, pattern = '/*ab*'): IPLDValue[] => Array.from({ length: count }, () => ['like', '.path', pattern])

/**
 * The attacks tried; the worst is the one compared. Each but the first is
 * sized to fit the service's 64 KiB bound on an inflated header container;
 * the longest the service serves are 8 links (`STORAGE_VERIFIER_LIMITS`).
 */
const VARIANTS: Readonly<Record<string, AmplificationShape & { readonly fresh?: boolean }>> = {
  "the reviewer's: 16 links × 1,024 like over 1 KiB": { policy: REVIEWER_POLICY },
  '16 links × 150 like, a new chain every request (over the service limit of 8 links)': { policy: like(150), fresh: true },
  '8 links × 150 like': { links: 7, policy: like(150) },
  '8 links × 150 like, a new chain every request': { links: 7, policy: like(150), fresh: true },
  '8 links × 13 like that hold, a new chain every request (authorized: the file is missing)': {
    links: 7,
    policy: like(13),
    failing: ['like', '.path', '/*ab'],
    fresh: true,
  },
  '3 links × 1,024 like': { links: 2, policy: REVIEWER_POLICY },
  '8 links × 40 like with 41 wildcards': { links: 7, policy: like(40, `/*${'x*'.repeat(40)}ab`) },
  '2 links × 28 != against a 1 KiB string': { links: 1, policy: Array.from({ length: 28 }, () => ['!=', '.path', `${LONG_PATH.slice(0, -1)}c`]) },
  '2 links × 30 selectors of 300 segments': { links: 1, policy: Array.from({ length: 30 }, () => ['==', `.a?${'.a?'.repeat(300)}`, null]) },
  '8 links × 39 and-nests 26 deep': { links: 7, policy: Array.from({ length: 39 }, () => nest(25, ['like', '.path', '/*ab*'])) },
}

function nest(depth: number, leaf: IPLDValue): IPLDValue {
  let statement = leaf
  for (let i = 0; i < depth; i++) statement = ['and', [statement]]
  return statement
}

async function timed(send: () => Promise<Response>): Promise<{ ms: number; status: number; code: string | undefined }> {
  const start = performance.now()
  const response = await send()
  const body = await response.arrayBuffer()
  const ms = performance.now() - start
  const code = response.ok ? undefined : ((JSON.parse(new TextDecoder().decode(body)) as { code?: string }).code ?? '?')
  return { ms, status: response.status, code }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

/** Medians of `rounds` honest GETs of a 5-byte file, each with a new invocation (minted untimed). */
async function honestGet(service: ServiceUnderAttack, session: HttpSession): Promise<number> {
  const put = await invokeOverHttp(session, { op: 'write', path: '/small.txt', size: 5, service: service.did })
  const written = await fetch(routeUrl(service, 'files', '/small.txt'), { method: 'PUT', headers: { authorization: put.header }, body: 'hello' })
  if (written.status !== 201) throw new Error(`the honest PUT was refused: ${written.status} ${await written.text()}`)
  const times: number[] = []
  for (let i = 0; i < rounds + 5; i++) {
    const { header } = await invokeOverHttp(session, { op: 'read', path: '/small.txt', size: 5, service: service.did })
    const result = await timed(() => fetch(routeUrl(service, 'files', '/small.txt'), { headers: { authorization: header } }))
    if (result.status !== 200) throw new Error(`the honest GET was refused: ${result.status} ${String(result.code)}`)
    if (i >= 5) times.push(result.ms)
  }
  return median(times)
}

/**
 * Median of `rounds` sends of one attack request, as is (refused before the
 * replay claim, it can be re-sent), or `fresh`: a new chain every time, so
 * nothing of it is in the verifier's cache (minted untimed).
 */
async function attack(
  service: ServiceUnderAttack,
  shape: AmplificationShape & { readonly fresh?: boolean },
): Promise<{ ms: number; code: string; headerBytes: number; inflatedBytes: number }> {
  const requests = await Promise.all(Array.from({ length: shape.fresh === true ? rounds + 3 : 1 }, () => amplificationRequest(service, shape)))
  const times: number[] = []
  let code = ''
  for (let i = 0; i < rounds + 3; i++) {
    const request = requests[i % requests.length]!
    const result = await timed(() => fetch(routeUrl(service, 'files', request.path), { headers: { authorization: request.header } }))
    if (result.code === undefined) throw new Error('an attack request was accepted')
    code = result.code
    if (i >= 3) times.push(result.ms)
  }
  return { ms: median(times), code, headerBytes: requests[0]!.header.length, inflatedBytes: requests[0]!.inflatedBytes }
}

const service = await startServiceUnderAttack()
try {
  const session = await signInOverHttp(service.domain)
  // Honest requests before and after the attacks, so neither side gets the colder process.
  const honestBefore = await honestGet(service, session)
  const results: [string, Awaited<ReturnType<typeof attack>>][] = []
  for (const [name, shape] of Object.entries(VARIANTS)) results.push([name, await attack(service, shape)])
  const honest = Math.min(honestBefore, await honestGet(service, session))
  const rows = results.map(([name, r]) => `| ${name} | ${r.headerBytes} | ${r.inflatedBytes} | ${r.code} | ${r.ms.toFixed(2)} | ${(r.ms / honest).toFixed(1)}× |`)
  const worst = Math.max(...results.map(([, r]) => r.ms))
  console.log(`\nUnauthenticated CPU amplification (${rounds} sends each, medians; node ${process.version}, ${new Date().toISOString().slice(0, 10)})\n`)
  console.log('| request | header bytes | token bytes | refusal | ms | vs honest |')
  console.log('| --- | --- | --- | --- | --- | --- |')
  console.log(rows.join('\n'))
  console.log(`| honest GET of a 5-byte file (SIWE root) | | | 200 | ${honest.toFixed(2)} | 1.0× |`)
  console.log(`\nworst anonymous request / honest GET: ${(worst / honest).toFixed(1)}× (target ≤ 10×)`)
} finally {
  await service.stop()
}
