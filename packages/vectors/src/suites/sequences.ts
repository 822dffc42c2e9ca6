/**
 * `sequences.json`: what a storage service remembers between requests. Each
 * sequence runs in order on a fresh service state, each step at its own
 * time: quotas drain, uses are counted, a replay is refused, a revocation
 * takes effect, and the storage profile refuses what a plain verifier would
 * let through (paths that are not canonical, args it does not define).
 */
import type { Delegation, DID, IPLDMap, Signer } from '@capchain/core'
import { capStatement, pathScopeStatement } from '@capchain/storage'
import type { StorageOp } from '@capchain/storage'
import type { CID } from 'multiformats/cid'
import { AUDIENCE_MISMATCH, EXPIRED, NOT_YET_VALID, POLICY_VIOLATION, REVOKED, storageDenial } from '../build/expected.js'
import { APP_DOMAIN, siweRoot } from '../build/siwe.js'
import type { SignedRoot } from '../build/siwe.js'
import { delegate, invoke } from '../build/tokens.js'
import { principal, SERVICE } from '../fixed/principals.js'
import { HOUR, MINUTE, NOW, T0 } from '../fixed/time.js'
import { WALLET } from '../fixed/wallets.js'
import type { ExpectedStepError, GeneratedFile, TokenSource } from '../output/interface.js'
import type { AuthorizeStep, RevokeStep, Sequence } from '../output/sequence-file.js'
import { sequenceFile } from '../output/sequence-file.js'

const CAP_EXCEEDED = storageDenial('ERR_CAP_EXCEEDED')
const REPLAY = storageDenial('ERR_REPLAY')
const NOT_UPSTREAM = storageDenial('ERR_REVOKER_NOT_UPSTREAM')
const PATH_INVALID = storageDenial('ERR_STORAGE_PATH_INVALID')
const ARGS_INVALID = storageDenial('ERR_STORAGE_ARGS_INVALID')

/** The n-th minute after `NOW`: steps are a minute apart unless they test time. */
const minute = (n: number): number => NOW + n * MINUTE

interface Request {
  readonly issuer: Signer
  readonly op: StorageOp
  readonly args: IPLDMap
  /** The chain in `prf`, root first; a SIWE root goes first. */
  readonly chain: readonly (Delegation | SignedRoot)[]
  readonly subject?: DID
  /** What the service does, when it is not what `args` say. */
  readonly serve?: { readonly op?: StorageOp; readonly path?: string; readonly size?: number }
  readonly expiration?: number
  readonly audience?: DID | null
}

/** A storage invocation for `request`, signed at `time`. */
function storageInvocation(label: string, time: number, request: Request) {
  return invoke({
    label: `sequences/${label}`,
    issuer: request.issuer,
    subject: request.subject ?? principal('alice').did(),
    ...(request.audience === null ? {} : { audience: request.audience ?? SERVICE }),
    command: `/storage/${request.op}`,
    args: request.args,
    proofs: request.chain,
    issuedAt: time,
    ...(request.expiration === undefined ? {} : { expiration: request.expiration }),
  })
}

/** An authorize step; `invocation` reuses a token (a replay) instead of signing a new one. */
async function authorize(
  name: string,
  time: number,
  request: Request,
  options: { error?: ExpectedStepError; invocation?: TokenSource; label?: string } = {},
): Promise<AuthorizeStep> {
  const path = request.serve?.path ?? request.args.path
  const size = request.serve?.size ?? request.args.size
  return {
    name,
    action: 'authorize',
    time,
    invocation: options.invocation ?? (await storageInvocation(options.label ?? name, time, request)),
    proofs: request.chain,
    request: {
      op: request.serve?.op ?? request.op,
      path: typeof path === 'string' ? path : '',
      ...(typeof size === 'number' ? { size } : {}),
    },
    ...(options.error === undefined ? {} : { error: options.error }),
  }
}

/** A `/ucan/revoke` of the last link of `path`, by `issuer` on its own behalf or, through `proofs`, on `onBehalfOf`'s. */
async function revoke(
  label: string,
  name: string,
  time: number,
  spec: {
    issuer: Signer
    path: readonly { cid: CID }[]
    supplied: readonly TokenSource[]
    proofs?: readonly { cid: CID }[]
    onBehalfOf?: DID
    recorded?: boolean
    error?: ExpectedStepError
  },
): Promise<RevokeStep> {
  const revoked = spec.path.at(-1)!.cid
  return {
    name,
    action: 'revoke',
    time,
    invocation: await invoke({
      label: `sequences/${label}`,
      issuer: spec.issuer,
      subject: spec.onBehalfOf ?? spec.issuer.did(),
      audience: SERVICE,
      command: '/ucan/revoke',
      args: { revoke: revoked, path: spec.path.map((link) => link.cid) },
      proofs: spec.proofs ?? [],
      issuedAt: time,
    }),
    proofs: spec.supplied,
    ...(spec.recorded === undefined ? {} : { recorded: spec.recorded }),
    ...(spec.error === undefined ? {} : { error: spec.error }),
  }
}

export async function sequenceVectors(): Promise<GeneratedFile> {
  const sequences = await Promise.all([byteQuota(), useCount(), nestedCaps(), replay(), revocation(), timeWindow(), storageProfile(), siweSession()])
  return sequenceFile({
    name: 'sequences.json',
    comments:
      'Stateful sequences against a storage service (docs/storage.md): run the steps of each sequence in order on a fresh, empty service state ' +
      `(usage ledger, revocations, replay records), each at its \`time\` with clock skew 0, as the service \`${SERVICE}\`. ` +
      `An accepted authorize step is served: everything it reserved is spent. SIWE roots are accepted for the domain ${APP_DOMAIN} only.`,
    principals: ['alice', 'bob', 'carol', 'mallory', 'session', 'agent', 'throwaway'],
    wallets: true,
    verifier: { siweDomains: [APP_DOMAIN] },
    sequences,
  })
}

const grant = (
  label: string,
  issuer: Signer,
  audience: Signer,
  command: string,
  policy: Delegation['payload']['pol'],
  times: { notBefore?: number; expiration?: number } = {},
) =>
  delegate({ label: `sequences/${label}`, issuer, audience: audience.did(), subject: principal('alice').did(), command, policy, ...times })

async function byteQuota(): Promise<Sequence> {
  const [alice, bob] = [principal('alice'), principal('bob')]
  const g = await grant('quota/grant', alice, bob, '/storage/write', [pathScopeStatement('/photos'), capStatement({ bytes: 1000 })])
  const write = (n: number, size: number) => ({ issuer: bob, op: 'write' as const, args: { path: `/photos/${n}.jpg`, size }, chain: [g] })
  return {
    name: 'byte quota drains',
    description: 'a delegation capped at 1000 bytes over its lifetime',
    steps: [
      await authorize('write 400', minute(1), write(1, 400), { label: 'quota/1' }),
      await authorize('write 400 more', minute(2), write(2, 400), { label: 'quota/2' }),
      await authorize('300 more would exceed the cap', minute(3), write(3, 300), { label: 'quota/3', error: CAP_EXCEEDED }),
      await authorize('exactly the 200 left', minute(4), write(4, 200), { label: 'quota/4' }),
      await authorize('the cap is spent', minute(5), write(5, 1), { label: 'quota/5', error: CAP_EXCEEDED }),
    ],
  }
}

async function useCount(): Promise<Sequence> {
  const [alice, bob] = [principal('alice'), principal('bob')]
  const g = await grant('uses/grant', alice, bob, '/storage', [pathScopeStatement('/docs'), capStatement({ uses: 3 })])
  const use = (op: StorageOp, args: IPLDMap) => ({ issuer: bob, op, args, chain: [g] })
  return {
    name: 'use count',
    description: 'a delegation capped at 3 invocations: reads, lists and deletes each count one',
    steps: [
      await authorize('read', minute(1), use('read', { path: '/docs/a.txt', size: 10 }), { label: 'uses/1' }),
      await authorize('list', minute(2), use('list', { path: '/docs' }), { label: 'uses/2' }),
      await authorize('delete', minute(3), use('delete', { path: '/docs/a.txt' }), { label: 'uses/3' }),
      await authorize('a fourth use', minute(4), use('read', { path: '/docs/b.txt', size: 10 }), { label: 'uses/4', error: CAP_EXCEEDED }),
    ],
  }
}

async function nestedCaps(): Promise<Sequence> {
  const [alice, bob, carol] = [principal('alice'), principal('bob'), principal('carol')]
  const outer = await grant('nested/outer', alice, bob, '/storage', [pathScopeStatement('/photos'), capStatement({ bytes: 1000 })])
  const inner = await grant('nested/inner', bob, carol, '/storage/write', [capStatement({ bytes: 600 })])
  const write = (issuer: Signer, chain: Delegation[], n: number, size: number): Request => ({
    issuer,
    op: 'write',
    args: { path: `/photos/${n}.jpg`, size },
    chain,
  })
  return {
    name: 'caps of every ancestor',
    description:
      "alice caps bob at 1000 bytes, bob caps carol at 600: carol's writes count against both, bob's against alice's only; " +
      'a refused charge charges nothing',
    steps: [
      await authorize('carol writes 500', minute(1), write(carol, [outer, inner], 1, 500), { label: 'nested/1' }),
      await authorize("carol's own cap", minute(2), write(carol, [outer, inner], 2, 200), { label: 'nested/2', error: CAP_EXCEEDED }),
      await authorize('bob writes 450', minute(3), write(bob, [outer], 3, 450), { label: 'nested/3' }),
      await authorize("alice's cap, though carol's has 100 left", minute(4), write(carol, [outer, inner], 4, 60), { label: 'nested/4', error: CAP_EXCEEDED }),
      await authorize('the last 50', minute(5), write(carol, [outer, inner], 5, 50), { label: 'nested/5' }),
    ],
  }
}

async function replay(): Promise<Sequence> {
  const [alice, bob] = [principal('alice'), principal('bob')]
  const g = await grant('replay/grant', alice, bob, '/storage/read', [pathScopeStatement('/photos')])
  const once = await grant('replay/once', alice, bob, '/storage/read', [pathScopeStatement('/photos'), capStatement({ uses: 1 })])
  const read = (chain: Delegation[], n: number) => ({ issuer: bob, op: 'read' as const, args: { path: `/photos/${n}.jpg`, size: 10 }, chain })
  const first = await storageInvocation('replay/first', minute(1), read([g], 1))
  const refused = await storageInvocation('replay/refused', minute(5), read([once], 3))
  return {
    name: 'replay',
    description: 'an invocation executes at most once, even when it was refused; after its exp it no longer verifies at all',
    steps: [
      await authorize('first use', minute(1), read([g], 1), { invocation: first }),
      await authorize('the same invocation again', minute(2), read([g], 1), { invocation: first, error: REPLAY }),
      await authorize('a new invocation for the same file', minute(3), read([g], 1), { label: 'replay/second' }),
      await authorize('uses the only use', minute(4), read([once], 2), { label: 'replay/only-use' }),
      await authorize('refused by the cap', minute(5), read([once], 3), { invocation: refused, error: CAP_EXCEEDED }),
      await authorize('the refused invocation again', minute(6), read([once], 3), { invocation: refused, error: REPLAY }),
      await authorize('the first again, after its exp', minute(7), read([g], 1), { invocation: first, error: EXPIRED }),
    ],
  }
}

async function revocation(): Promise<Sequence> {
  const [alice, bob, carol, mallory] = [principal('alice'), principal('bob'), principal('carol'), principal('mallory')]
  const g1 = await grant('revocation/alice-bob', alice, bob, '/storage', [pathScopeStatement('/photos')])
  const g2 = await grant('revocation/bob-carol', bob, carol, '/storage/read', [])
  const read = (issuer: Signer, chain: Delegation[], n: number): Request => ({
    issuer,
    op: 'read',
    args: { path: `/photos/${n}.jpg`, size: 10 },
    chain,
  })
  const witness = { path: [g1, g2], supplied: [g1, g2] }
  return {
    name: 'revocation',
    description:
      'only a principal upstream of a delegation can revoke it (ucan-wg/revocation); ' +
      'the record then denies every chain through it where that principal is upstream, and nothing else',
    steps: [
      await authorize('carol reads', minute(1), read(carol, [g1, g2], 1), { label: 'revocation/1' }),
      await revoke('revocation/mallory', 'an outsider revokes bob → carol', minute(2), { issuer: mallory, ...witness, error: NOT_UPSTREAM }),
      await revoke('revocation/carol', 'carol, its audience, revokes it', minute(3), { issuer: carol, ...witness, error: NOT_UPSTREAM }),
      await authorize('carol still reads', minute(4), read(carol, [g1, g2], 2), { label: 'revocation/2' }),
      await revoke('revocation/alice', 'alice revokes bob → carol', minute(5), { issuer: alice, ...witness, recorded: true }),
      await revoke('revocation/alice-again', 'alice revokes it again', minute(6), { issuer: alice, ...witness, recorded: false }),
      await authorize('carol is refused', minute(7), read(carol, [g1, g2], 3), { label: 'revocation/3', error: REVOKED }),
      await authorize('bob still reads', minute(8), read(bob, [g1], 4), { label: 'revocation/4' }),
    ],
  }
}

async function timeWindow(): Promise<Sequence> {
  const [alice, bob] = [principal('alice'), principal('bob')]
  const g = await grant('window/grant', alice, bob, '/storage/read', [pathScopeStatement('/photos')], {
    notBefore: T0 + HOUR,
    expiration: T0 + 2 * HOUR,
  })
  const read = (n: number) => ({ issuer: bob, op: 'read' as const, args: { path: `/photos/${n}.jpg`, size: 10 }, chain: [g] })
  return {
    name: 'time window',
    description: 'a delegation valid from T0 + 1 h through T0 + 2 h, used before, during and after',
    steps: [
      await authorize('before not-before', T0 + 30 * MINUTE, read(1), { label: 'window/1', error: NOT_YET_VALID }),
      await authorize('at not-before', T0 + HOUR, read(2), { label: 'window/2' }),
      await authorize('at the expiration time', T0 + 2 * HOUR, read(3), { label: 'window/3' }),
      await authorize('a second after it', T0 + 2 * HOUR + 1, read(4), { label: 'window/4', error: EXPIRED }),
    ],
  }
}

async function storageProfile(): Promise<Sequence> {
  const [alice, bob] = [principal('alice'), principal('bob')]
  const g = await grant('profile/grant', alice, bob, '/storage', [pathScopeStatement('/photos')])
  const req = (op: StorageOp, args: IPLDMap, extra: Partial<Request> = {}): Request => ({ issuer: bob, op, args, chain: [g], ...extra })
  const steps = [
    ['dot segment', req('read', { path: '/photos/../secret.txt', size: 1 }), PATH_INVALID],
    ['trailing slash', req('list', { path: '/photos/' }), PATH_INVALID],
    ['empty segment', req('read', { path: '/photos//a.jpg', size: 1 }), PATH_INVALID],
    ['percent-encoding', req('read', { path: '/photos/%2e%2e/secret.txt', size: 1 }), PATH_INVALID],
    ['fullwidth dots (NFKC)', req('read', { path: '/photos/\uff0e\uff0e/secret.txt', size: 1 }), PATH_INVALID],
    ['write without size', req('write', { path: '/photos/a.jpg' }), ARGS_INVALID],
    ['list with a size', req('list', { path: '/photos', size: 1 }), ARGS_INVALID],
    ['an args field the profile does not define', req('read', { path: '/photos/a.jpg', size: 1, mode: 'raw' }), ARGS_INVALID],
    ['the service touches another path', req('read', { path: '/photos/a.jpg', size: 1 }, { serve: { path: '/photos/b.jpg' } }), storageDenial('ERR_STORAGE_PATH_MISMATCH')],
    ['the service moves more than declared', req('read', { path: '/photos/a.jpg', size: 100 }, { serve: { size: 101 } }), storageDenial('ERR_STORAGE_SIZE_EXCEEDED')],
    ['the service performs another operation', req('read', { path: '/photos/a.jpg', size: 1 }, { serve: { op: 'write' } }), storageDenial('ERR_STORAGE_OPERATION')],
    ['valid for more than an hour', req('read', { path: '/photos/a.jpg', size: 1 }, { expiration: minute(1) + HOUR + 1 }), storageDenial('ERR_STORAGE_EXPIRY')],
    ['not addressed to the service', req('read', { path: '/photos/a.jpg', size: 1 }, { audience: null }), AUDIENCE_MISMATCH],
    ['outside the scope', req('read', { path: '/docs/a.txt', size: 1 }), POLICY_VIOLATION],
    ['less than declared', req('read', { path: '/photos/a.jpg', size: 100 }, { serve: { size: 40 } }), undefined],
  ] as const
  return {
    name: 'storage profile',
    description:
      'requests a plain UCAN verifier would accept or judge only by policy, refused by the storage profile before any policy sees them; ' +
      'all at one time',
    steps: await Promise.all(
      steps.map(([name, request, error], i) =>
        authorize(name, minute(1), request, { label: `profile/${i}`, ...(error === undefined ? {} : { error }) }),
      ),
    ),
  }
}

async function siweSession(): Promise<Sequence> {
  const [session, agent, throwaway] = [principal('session'), principal('agent'), principal('throwaway')]
  const root = await siweRoot({
    label: 'sequences/session',
    uri: session.did(),
    capabilities: [{ command: '/storage', policy: [pathScopeStatement('/photos')] }],
  })
  const mandate = await siweRoot({ label: 'sequences/mandate', uri: throwaway.did(), capabilities: [{ command: '/ucan/revoke', policy: [] }] })
  const g = await delegate({
    label: 'sequences/session-agent',
    issuer: session,
    audience: agent.did(),
    subject: WALLET.did,
    command: '/storage/write',
    policy: [capStatement({ bytes: 5000 })],
  })
  const write = (path: string, size: number): Request => ({ issuer: agent, op: 'write', args: { path, size }, chain: [root, g], subject: WALLET.did })
  return {
    name: 'SIWE session revoked by the wallet',
    description:
      'the wallet signs in once (root: /storage under /photos to the session key); the session key grants the agent 5000 bytes; ' +
      'the wallet ends the session with one more SIWE message granting /ucan/revoke to a throwaway key, ' +
      "which revokes the session root on the wallet's behalf",
    steps: [
      await authorize('the agent writes 3000', minute(1), write('/photos/a.jpg', 3000), { label: 'session/1' }),
      await authorize("over the agent's cap", minute(2), write('/photos/b.jpg', 3000), { label: 'session/2', error: CAP_EXCEEDED }),
      await authorize("outside the root's scope", minute(3), write('/docs/a.txt', 10), { label: 'session/3', error: POLICY_VIOLATION }),
      await revoke('session/agent-revokes', 'the agent tries to revoke the session', minute(4), { issuer: agent, path: [root], supplied: [root], error: NOT_UPSTREAM }),
      await revoke('session/wallet-revokes', 'the wallet revokes the session', minute(5), {
        issuer: throwaway,
        onBehalfOf: WALLET.did,
        path: [root],
        proofs: [mandate],
        supplied: [mandate, root],
        recorded: true,
      }),
      await authorize('the agent is refused', minute(6), write('/photos/c.jpg', 10), { label: 'session/4', error: REVOKED }),
    ],
  }
}
