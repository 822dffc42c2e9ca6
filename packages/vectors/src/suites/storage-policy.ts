/**
 * `storage-policy.json`: the storage profile's policies (path scope, size
 * ceiling, cap) and its operations as commands, checked by a plain UCAN
 * verifier. Path canonicality and caps as quotas need the storage service:
 * see sequences.json.
 */
import type { Delegation, IPLDMap } from '@capchain/core'
import { capStatement, pathScopeStatement, sizeCeilingStatement } from '@capchain/storage'
import { AUDIENCE_MISMATCH, COMMAND_ESCALATION, POLICY_VIOLATION } from '../build/expected.js'
import { delegate, invoke } from '../build/tokens.js'
import { principal, SERVICE } from '../fixed/principals.js'
import { NOW } from '../fixed/time.js'
import type { InvocationCase } from '../output/invocation-file.js'
import { invocationFile } from '../output/invocation-file.js'
import type { ExpectedError, GeneratedFile } from '../output/interface.js'

const MIB = 1048576

export async function storagePolicyVectors(): Promise<GeneratedFile> {
  const alice = principal('alice')
  const bob = principal('bob')
  const carol = principal('carol')
  const grant = (label: string, command: string, policy: Delegation['payload']['pol']) =>
    delegate({ label: `storage-policy/${label}`, issuer: alice, audience: bob.did(), subject: alice.did(), command, policy })

  const photos = await grant('photos', '/storage', [pathScopeStatement('/photos'), sizeCeilingStatement(MIB)])
  const readDocs = await grant('read-docs', '/storage/read', [pathScopeStatement('/docs')])
  const everything = await grant('everything', '/', [pathScopeStatement('/')])
  const starScope = await grant('star-scope', '/storage/read', [pathScopeStatement('/a*b')])
  const capped = await grant('capped', '/storage/write', [pathScopeStatement('/photos'), capStatement({ bytes: 1000 })])
  const narrowed = await delegate({
    label: 'storage-policy/narrowed',
    issuer: bob,
    audience: carol.did(),
    subject: alice.did(),
    command: '/storage/read',
    policy: [pathScopeStatement('/photos/2025')],
  })
  const unconstrained = await delegate({
    label: 'storage-policy/unconstrained',
    issuer: bob,
    audience: carol.did(),
    subject: alice.did(),
    command: '/storage/read',
  })

  /** A case where `by` (bob unless said) invokes `command` with `args` over `chain`, addressed to the service. */
  const request = async (
    name: string,
    description: string,
    chain: readonly Delegation[],
    command: string,
    args: IPLDMap,
    error?: ExpectedError,
    by = bob,
  ): Promise<InvocationCase> => ({
    name,
    description,
    time: NOW,
    invocation: await invoke({ label: `storage-policy/${name}`, issuer: by, subject: alice.did(), audience: SERVICE, command, args, proofs: chain }),
    proofs: chain,
    audience: SERVICE,
    ...(error === undefined ? {} : { error }),
  })

  const cases = await Promise.all([
    request('write inside the scope', 'a write under /photos, within the size ceiling', [photos], '/storage/write', { path: '/photos/cat.jpg', size: 1024 }),
    request('the scope itself', 'the scope /photos covers /photos itself', [photos], '/storage/list', { path: '/photos' }),
    request('deep below the scope', 'the scope covers every depth below it', [photos], '/storage/read', { path: '/photos/2025/summer/beach.jpg', size: 1 }),
    request('size at the ceiling', 'a size equal to the ceiling passes (<=)', [photos], '/storage/write', { path: '/photos/big.raw', size: MIB }),
    request('no size', 'the size ceiling lets a missing size pass: list and delete carry none', [photos], '/storage/delete', { path: '/photos/old.jpg' }),
    request('the granted operation', 'a read under a /storage/read delegation', [readDocs], '/storage/read', { path: '/docs/a.txt', size: 10 }),
    request('root scope', 'the scope / (["like", ".path", "/*"]) covers every path', [everything], '/storage/read', { path: '/anything/at/all', size: 5 }),
    request('scope with a star', 'a * in the scope is escaped: it matches only itself', [starScope], '/storage/read', { path: '/a*b/c', size: 1 }),
    request('narrowed by a child', 'a child delegation narrows the scope to /photos/2025', [photos, narrowed], '/storage/read', { path: '/photos/2025/a.jpg', size: 10 }, undefined, carol),

    request('sibling with a shared prefix', 'scopes contain by whole segments: /photos does not cover /photos-private', [photos], '/storage/read', { path: '/photos-private/a.jpg', size: 1 }, POLICY_VIOLATION),
    request('parent of the scope', '/ is above the scope /photos', [photos], '/storage/list', { path: '/' }, POLICY_VIOLATION),
    request('case differs', 'paths compare exactly: /Photos is not /photos', [photos], '/storage/read', { path: '/Photos/a.jpg', size: 1 }, POLICY_VIOLATION),
    request('size over the ceiling', 'one byte over the 1 MiB ceiling', [photos], '/storage/write', { path: '/photos/big.raw', size: MIB + 1 }, POLICY_VIOLATION),
    request('size not a number', 'a size that is a string fails both branches of the ceiling', [photos], '/storage/write', { path: '/photos/a.jpg', size: '1024' }, POLICY_VIOLATION),
    request('star taken literally', 'the escaped * in the scope /a*b does not match /axyzb', [starScope], '/storage/read', { path: '/axyzb/c', size: 1 }, POLICY_VIOLATION),
    request('another operation', 'a write under a /storage/read delegation', [readDocs], '/storage/write', { path: '/docs/a.txt', size: 10 }, COMMAND_ESCALATION),
    request('the parent command', '/storage is wider than the delegated /storage/read', [readDocs], '/storage', { path: '/docs/a.txt' }, COMMAND_ESCALATION),
    request('segment prefix', 'commands attenuate by whole segments: /storage does not cover /storagex/read', [photos], '/storagex/read', { path: '/photos/a.jpg', size: 1 }, COMMAND_ESCALATION),
    request('outside the narrowed scope', "the child's scope /photos/2025 excludes /photos/2024", [photos, narrowed], '/storage/read', { path: '/photos/2024/a.jpg', size: 10 }, POLICY_VIOLATION, carol),
    request('operation wider than the child', 'the child delegates only /storage/read', [photos, narrowed], '/storage/write', { path: '/photos/2025/a.jpg', size: 10 }, COMMAND_ESCALATION, carol),
    request("the parent's policy still applies", "a child without policy cannot loosen its parent's scope", [photos, unconstrained], '/storage/read', { path: '/docs/a.txt', size: 10 }, POLICY_VIOLATION, carol),
    request('cap fails closed', 'a cap statement (["==", ".", ["capchain/cap@1", …]]) holds for no args: a verifier without a usage ledger denies', [capped], '/storage/write', { path: '/photos/a.jpg', size: 10 }, POLICY_VIOLATION),
  ])
  const misaddressed: InvocationCase = {
    name: 'addressed to another service',
    description: 'the invocation names did:web:other.example in aud; the verifier is the service',
    time: NOW,
    invocation: await invoke({
      label: 'storage-policy/misaddressed',
      issuer: bob,
      subject: alice.did(),
      audience: 'did:web:other.example',
      command: '/storage/read',
      args: { path: '/photos/a.jpg', size: 1 },
      proofs: [photos],
    }),
    proofs: [photos],
    audience: SERVICE,
    error: AUDIENCE_MISMATCH,
  }

  return invocationFile({
    name: 'storage-policy.json',
    comments:
      'The storage profile (docs/storage.md) under a plain UCAN verifier: path scopes, size ceilings and caps as policies, operations as commands. ' +
      'Verify each invocation at `time` with clock skew 0 and, where a case has `audience`, require the invocation to be addressed to it.',
    principals: ['alice', 'bob', 'carol'],
    cases: [...cases, misaddressed],
  })
}
