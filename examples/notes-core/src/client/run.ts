/**
 * The example client: the owner signs in with a wallet (one SIWE
 * signature), writes and reads a note, shares it, then delegates to a
 * sub-agent `/notes` on that one note with a cap, and the agent writes and
 * reads until the cap runs out. Each step's outcome is printed and returned.
 */
import { localWallet } from '@capchain/client/local-wallet'
import { generateSigner } from '@capchain/core'
import type { DID } from '@capchain/core'
import { capStatement } from '@capchain/guard'
import type { ServiceInfo } from '@capchain/guard'
import { createSiweSession } from '@capchain/siwe'
import { NOTES_COMMANDS } from '../routes/commands.js'
import { NOTES_DOMAIN } from '../service/domain.js'
import { callNotes } from './call.js'
import type { CallInput, Outcome } from './call.js'
import { invocationHeader } from './invoke.js'
import { TEST_WALLET_SECRET } from './test-key.js'

/** The agent's cap: bytes over all its writes, and requests. */
export const AGENT_CAP = { bytes: 64, uses: 3 } as const

export interface ClientStep extends Outcome {
  /** Who asked what, e.g. `agent PUT /notes/n1`. */
  readonly step: string
}

/**
 * Run the client against the notes app at `baseUrl`.
 * @throws {TypeError} the app cannot be reached
 * @throws {CapchainError} the wallet or a token could not be made
 */
export async function runClient(baseUrl: string, print: (line: string) => void = console.log): Promise<ClientStep[]> {
  const info = (await (await fetch(`${baseUrl}/info`)).json()) as ServiceInfo
  const service = info.did as DID
  const session = await createSiweSession({ provider: localWallet(TEST_WALLET_SECRET), domain: NOTES_DOMAIN, abilities: [{ command: '/notes', policy: [] }], expiresIn: 3600 })
  print(`signed in as ${session.subject} (session key ${session.key.did()}) to ${service}`)

  const steps: ClientStep[] = []
  const step = async (who: string, input: Omit<CallInput, 'authorization'>, sign: () => Promise<string>): Promise<void> => {
    const outcome = await callNotes(baseUrl, { ...input, authorization: await sign() })
    const name = `${who} ${input.method} ${input.path}`
    steps.push({ step: name, ...outcome })
    print(`${name.padEnd(42)} → ${outcome.status} ${outcome.code ?? JSON.stringify(outcome.body)}`)
  }
  const owner = (command: string, args: Record<string, string | number>) => () =>
    invocationHeader({ issuer: session.key, subject: session.subject, audience: service, command, args, root: session.root })

  const text = 'hello from the owner'
  await step('owner', { method: 'PUT', path: '/notes/n1', body: text }, owner(NOTES_COMMANDS.write, { id: 'n1', size: Buffer.byteLength(text) }))
  await step('owner', { method: 'GET', path: '/notes/n1' }, owner(NOTES_COMMANDS.read, { id: 'n1' }))

  const agent = await generateSigner('Ed25519')
  // Share records the reader; the delegation below is what lets it act.
  await step('owner', { method: 'POST', path: `/notes/n1/share?to=${agent.did()}` }, owner(NOTES_COMMANDS.share, { id: 'n1', to: agent.did() }))
  const { delegation } = await session.delegate({ to: agent.did(), command: '/notes', policy: [['==', '.id', 'n1'], capStatement(AGENT_CAP)] })
  print(`delegated /notes on n1 to the agent ${agent.did()}, capped at ${AGENT_CAP.bytes} bytes and ${AGENT_CAP.uses} uses`)
  const asAgent = (command: string, args: Record<string, string | number>) => () =>
    invocationHeader({ issuer: agent, subject: session.subject, audience: service, command, args, root: session.root, chain: [delegation] })

  const agentText = 'the agent was here'
  await step('agent', { method: 'PUT', path: '/notes/n1', body: agentText }, asAgent(NOTES_COMMANDS.write, { id: 'n1', size: Buffer.byteLength(agentText) }))
  await step('agent', { method: 'GET', path: '/notes/n1' }, asAgent(NOTES_COMMANDS.read, { id: 'n1' }))
  await step('agent', { method: 'GET', path: '/notes/n2' }, asAgent(NOTES_COMMANDS.read, { id: 'n2' }))
  const long = 'x'.repeat(AGENT_CAP.bytes)
  await step('agent', { method: 'PUT', path: '/notes/n1', body: long }, asAgent(NOTES_COMMANDS.write, { id: 'n1', size: long.length }))
  await step('agent', { method: 'GET', path: '/notes/n1' }, asAgent(NOTES_COMMANDS.read, { id: 'n1' }))
  await step('agent', { method: 'GET', path: '/notes/n1' }, asAgent(NOTES_COMMANDS.read, { id: 'n1' }))
  return steps
}
