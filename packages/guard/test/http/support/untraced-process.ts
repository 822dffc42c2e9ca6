/**
 * A guard in a process of its own where `@opentelemetry/api` cannot be
 * resolved (a resolve hook refuses it, as a plain install without the peer
 * would): it answers one request through the Fetch adapter and prints
 * `{status, code}`. With `traced` it is given a real SDK tracer (the SDK
 * loaded before the hook), so it must reach for the API and fail.
 */
import { register } from 'node:module'

const traced = process.argv[2] === 'traced'
const sdk = traced ? await import('@opentelemetry/sdk-trace-base') : undefined
const HOOK = `export async function resolve(specifier, context, next) {
  if (specifier === '@opentelemetry/api') throw new Error('@opentelemetry/api is not installed')
  return next(specifier, context)
}`
register(`data:text/javascript,${encodeURIComponent(HOOK)}`)

const { generateSigner } = await import('@capchain/core')
const { createMemoryStore } = await import('@capchain/store')
const { createGuard } = await import('../../../src/http/guard.js')
const { withGuard } = await import('../../../src/adapters/fetch/index.js')

const guard = createGuard({
  service: (await generateSigner('Ed25519')).did(),
  store: createMemoryStore(),
  ...(sdk === undefined ? {} : { tracer: new sdk.BasicTracerProvider().getTracer('untraced-process') }),
})
const handle = withGuard(guard, { command: '/notes/read', args: () => ({}) }, async () => new Response('served'))
const response = await handle(new Request('http://127.0.0.1/notes/n1'))
const body = (await response.json()) as { code: string }
process.stdout.write(`${JSON.stringify({ status: response.status, code: body.code })}\n`)
