/**
 * `recap.json`: how a SIWE root's ReCap (EIP-5573) maps to UCAN commands and
 * policies (docs/siwe-root.md §2), the statement text in both orders of
 * namespace groups the ReCap libraries write (npm siwe-recap's `a-b`, `a.b`,
 * `a`; the Rust crate's `a`, `a-b`, `a.b`) and in neither, and the ReCaps a
 * root may not carry. Each case is a root and an invocation by the
 * session key it names.
 */
import type { IPLDMap } from '@capchain/core'
import { encodeRecap, recapStatement } from '@capchain/siwe'
import type { Recap, RootCapability } from '@capchain/siwe'
import { COMMAND_ESCALATION, POLICY_VIOLATION, rootRejected } from '../build/expected.js'
import { APP_DOMAIN, APP_STATEMENT, handMadeRoot, rootFields } from '../build/siwe.js'
import type { RootFieldsSpec } from '../build/siwe.js'
import { invoke } from '../build/tokens.js'
import { principal } from '../fixed/principals.js'
import { NOW } from '../fixed/time.js'
import { CHAIN_ID, WALLET } from '../fixed/wallets.js'
import type { InvocationCase } from '../output/invocation-file.js'
import { invocationFile } from '../output/invocation-file.js'
import type { ExpectedError, GeneratedFile } from '../output/interface.js'

type Abilities = Recap['att'][string]

const PHOTOS = [['like', '.path', '/photos/*']]
const SMALL_DOCS = [
  ['like', '.path', '/docs/*'],
  ['<=', '.size', 100],
]

/** A ReCap granting `abilities` on the wallet's did:pkh (or on `resource`). */
function recapOf(abilities: Abilities, resource: string = WALLET.did): Recap {
  return { att: { [resource]: abilities }, prf: [] }
}

/** Namespaces `a`, `a-b` and `a.b`: code-unit order and first appearance among sorted ability strings disagree. */
const NAMESPACES = recapOf({ 'a/x': [{}], 'a-b/y': [{}], 'a.b/z': [{}] })
/** How the Rust crate writes it: namespaces in code-unit order (a, a-b, a.b); we write recap-ts's order (a-b, a.b, a) and accept both. */
const NAMESPACE_ORDER_STATEMENT = `${APP_STATEMENT} ${recapStatement(NAMESPACES, 'namespace')}`
/** An order neither library writes: refused, since the wallet was shown something no ReCap translates to. */
const REVERSED_STATEMENT =
  `${APP_STATEMENT} I further authorize the stated URI to perform the following actions on my behalf: ` +
  `(1) 'a': 'x' for '${WALLET.did}'. (2) 'a.b': 'z' for '${WALLET.did}'. (3) 'a-b': 'y' for '${WALLET.did}'.`

interface RecapCase {
  readonly name: string
  readonly description: string
  readonly recap: Recap
  /** The invocation the session key makes under the root. */
  readonly command: string
  readonly args?: IPLDMap
  /** Expected grants, for a root that maps. */
  readonly capabilities?: readonly RootCapability[]
  readonly error?: ExpectedError
  /** Fields of the signed message other than the default (statement, resources). */
  readonly fields?: Partial<RootFieldsSpec>
}

export async function recapVectors(): Promise<GeneratedFile> {
  const session = principal('session')
  const build = async (spec: RecapCase): Promise<InvocationCase> => {
    const label = `recap/${spec.name}`
    const root = handMadeRoot(rootFields({ label, uri: session.did(), recap: spec.recap, ...spec.fields }))
    return {
      name: spec.name,
      description: spec.description,
      time: NOW,
      invocation: await invoke({ label, issuer: session, subject: WALLET.did, command: spec.command, args: spec.args ?? {}, proofs: [root] }),
      proofs: [root],
      siwe: {
        message: root.message,
        recap: spec.recap,
        statement: recapStatement(spec.recap),
        ...(spec.capabilities === undefined ? {} : { capabilities: spec.capabilities }),
      },
      ...(spec.error === undefined ? { proofOrder: 'root-first' } : { error: spec.error }),
    }
  }
  const refused = (cause: string): ExpectedError => rootRejected('InvalidClaim', cause)
  const invalidCapability = refused('ERR_SIWE_ROOT_CAPABILITY_INVALID')
  const read = { path: '/photos/a.jpg', size: 1 }
  const alternatives = recapOf({ 'storage/write': [{ pol: PHOTOS }, { pol: SMALL_DOCS }] })
  const alternativesPolicy = [['or', [['and', PHOTOS], ['and', SMALL_DOCS]]]]

  const misplaced = recapOf({ 'storage/read': [{}] })
  const specs: RecapCase[] = [
    { name: 'one ability, no caveat', description: '[{}] is no constraint: the policy []', recap: recapOf({ 'storage/read': [{}] }), command: '/storage/read', args: read, capabilities: [{ command: '/storage/read', policy: [] }] },
    { name: 'wildcard ability', description: 'storage/* is the command /storage, which covers /storage/write', recap: recapOf({ 'storage/*': [{}] }), command: '/storage/write', args: read, capabilities: [{ command: '/storage', policy: [] }] },
    { name: 'caveat with a policy', description: '{"pol": P} is the UCAN policy P, verbatim', recap: recapOf({ 'storage/read': [{ pol: PHOTOS }] }), command: '/storage/read', args: read, capabilities: [{ command: '/storage/read', policy: PHOTOS }] },
    { name: 'caveats are alternatives', description: 'several caveat objects are an or of ands; the second holds here', recap: alternatives, command: '/storage/write', args: { path: '/docs/a.txt', size: 50 }, capabilities: [{ command: '/storage/write', policy: alternativesPolicy }] },
    { name: 'namespaces in first-appearance order', description: "the statement lists namespaces a-b, a.b, a in order of first appearance among the sorted abilities (npm siwe-recap's order, the one we write)", recap: NAMESPACES, command: '/a-b/y', capabilities: [{ command: '/a-b/y', policy: [] }, { command: '/a.b/z', policy: [] }, { command: '/a/x', policy: [] }] },
    { name: 'namespaces in code-unit order', description: "the statement lists namespaces a, a-b, a.b in code-unit order of the namespace (the Rust crate's order): also accepted", recap: NAMESPACES, command: '/a/x', fields: { statement: NAMESPACE_ORDER_STATEMENT }, capabilities: [{ command: '/a-b/y', policy: [] }, { command: '/a.b/z', policy: [] }, { command: '/a/x', policy: [] }] },
    { name: 'abilities of one namespace', description: "one numbered entry per namespace, its ability names sorted: 'storage': 'list', 'read', 'write'", recap: recapOf({ 'storage/write': [{}], 'storage/read': [{}], 'storage/list': [{}] }), command: '/storage/list', args: { path: '/photos' }, capabilities: [{ command: '/storage/list', policy: [] }, { command: '/storage/read', policy: [] }, { command: '/storage/write', policy: [] }] },
    { name: 'the revocation ability', description: 'ucan/revoke is the command /ucan/revoke', recap: recapOf({ 'ucan/revoke': [{}] }), command: '/ucan/revoke', capabilities: [{ command: '/ucan/revoke', policy: [] }] },

    { name: 'no alternative holds', description: 'neither caveat of the write grant holds for 500 bytes under /docs', recap: alternatives, command: '/storage/write', args: { path: '/docs/a.txt', size: 500 }, error: POLICY_VIOLATION },
    { name: 'a command not granted', description: 'the root grants /storage/read; the session key invokes /storage/write', recap: recapOf({ 'storage/read': [{}] }), command: '/storage/write', args: read, error: COMMAND_ESCALATION },
    { name: 'namespaces in neither order', description: 'the statement lists a, a.b, a-b: neither ReCap library writes that order', recap: NAMESPACES, command: '/a/x', fields: { statement: REVERSED_STATEMENT }, error: refused('ERR_RECAP_STATEMENT_MISMATCH') },
    { name: 'statement without the ReCap text', description: 'the wallet was not shown what the ReCap grants', recap: recapOf({ 'storage/read': [{}] }), command: '/storage/read', args: read, fields: { statement: APP_STATEMENT }, error: refused('ERR_RECAP_STATEMENT_MISMATCH') },
    { name: 'overlapping abilities', description: 'storage/* beside storage/write: which caveats govern a write would be a guess', recap: recapOf({ 'storage/*': [{}], 'storage/write': [{ pol: PHOTOS }] }), command: '/storage/write', args: read, error: invalidCapability },
    { name: 'top ability', description: '*/read would be the command /: no ReCap grants everything', recap: recapOf({ '*/read': [{}] }), command: '/storage/read', args: read, error: invalidCapability },
    { name: 'partial wildcard', description: '* only as a whole ability name', recap: recapOf({ 'storage/wr*te': [{}] }), command: '/storage/write', args: read, error: invalidCapability },
    { name: 'uppercase ability', description: 'commands are lowercase, and lowering would change what the wallet showed', recap: recapOf({ 'Storage/read': [{}] }), command: '/storage/read', args: read, error: invalidCapability },
    { name: 'empty caveat list', description: '[] grants nothing (EIP-5573); a root does not guess what it meant', recap: recapOf({ 'storage/read': [] }), command: '/storage/read', args: read, error: invalidCapability },
    { name: 'unknown caveat key', description: 'a caveat other than {"pol": …} would be dropped, widening the grant', recap: recapOf({ 'storage/read': [{ limit: 5 }] }), command: '/storage/read', args: read, error: invalidCapability },
    { name: 'caveat policy that does not parse', description: 'the policy inside the caveat uses an unknown operator', recap: recapOf({ 'storage/read': [{ pol: [['matches', '.path', '/photos']] }] }), command: '/storage/read', args: read, error: invalidCapability },
    { name: 'resource not the signer', description: "UCAN 1.0 has no resources: every ReCap resource must be the signer's did:pkh", recap: recapOf({ 'storage/read': [{}] }, 'https://photos.example/'), command: '/storage/read', args: read, error: invalidCapability },
    { name: 'the signer on another chain', description: 'the same address on Polygon (137) is another subject', recap: recapOf({ 'storage/read': [{}] }, `did:pkh:eip155:137:${WALLET.address}`), command: '/storage/read', args: read, error: invalidCapability },
    { name: 'ReCap with proofs', description: 'a root is signed by its subject: ReCap prf must be empty', recap: { ...recapOf({ 'storage/read': [{}] }), prf: ['bafyreigyftnzjf4rcu7glp5kfop53vqlopc3zcldauoqdxqlz7t4343gr4'] }, command: '/storage/read', args: read, error: invalidCapability },
    {
      name: 'ReCap not the last resource',
      description: 'another resource follows the ReCap URI',
      recap: misplaced,
      command: '/storage/read',
      args: read,
      fields: {
        recap: undefined,
        statement: `${APP_STATEMENT} ${recapStatement(misplaced)}`,
        resources: [encodeRecap(misplaced), 'https://photos.example/terms'],
      },
      error: refused('ERR_RECAP_INVALID'),
    },
  ]
  return invocationFile({
    name: 'recap.json',
    comments:
      'SIWE roots (CAIP-74 CACAO) and how their ReCap maps to UCAN commands and policies (docs/siwe-root.md). ' +
      '`siwe` gives the signed message, the ReCap, its statement text in the order we write (npm siwe-recap\'s; the Rust crate\'s order is accepted too) and, for a root that maps, ' +
      'the (command, policy) pairs it grants in ReCap order. ' +
      `Verify each invocation at \`time\` with clock skew 0, accepting SIWE roots for the domain ${APP_DOMAIN} only. ` +
      `Chain id ${CHAIN_ID}; \`wallets\` holds the signing key.`,
    principals: ['session'],
    wallets: true,
    verifier: { siweDomains: [APP_DOMAIN] },
    cases: await Promise.all(specs.map(build)),
  })
}
