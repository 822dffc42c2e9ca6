/**
 * `powerline.json`: delegations with `sub: null`, which pass on whatever
 * their issuer is given, for any subject (delegation spec, "Powerline").
 */
import type { Delegation, DID, IPLDValue, Signer } from '@capchain/core'
import { pathScopeStatement } from '@capchain/storage'
import { COMMAND_ESCALATION, EXPIRED, POLICY_VIOLATION, POWERLINE_ROOT, PRINCIPAL_MISALIGNED } from '../build/expected.js'
import { delegate, invoke } from '../build/tokens.js'
import { principal } from '../fixed/principals.js'
import { MINUTE, NOW } from '../fixed/time.js'
import type { InvocationCase } from '../output/invocation-file.js'
import { invocationFile } from '../output/invocation-file.js'
import type { ExpectedError, GeneratedFile } from '../output/interface.js'

export async function powerlineVectors(): Promise<GeneratedFile> {
  const [alice, bob, carol] = [principal('alice'), principal('bob'), principal('carol')]
  const [dan, erin, mallory] = [principal('dan'), principal('erin'), principal('mallory')]
  const dlg = (
    label: string,
    issuer: Signer,
    audience: Signer,
    subject: DID | null,
    command: string,
    extra: { policy?: IPLDValue[]; expiration?: number } = {},
  ) =>
    delegate({ label: `powerline/${label}`, issuer, audience: audience.did(), subject, command, ...extra })

  const aliceStorage = await dlg('alice-bob', alice, bob, alice.did(), '/storage')
  const aliceRead = await dlg('alice-bob-read', alice, bob, alice.did(), '/storage/read')
  const danStorage = await dlg('dan-bob', dan, bob, dan.did(), '/storage')
  const everything = await dlg('bob-carol-all', bob, carol, null, '/')
  const photosRead = await dlg('bob-carol-photos', bob, carol, null, '/storage/read', { policy: [pathScopeStatement('/photos')] })
  const onward = await dlg('carol-erin-all', carol, erin, null, '/')
  const account = await dlg('bob-carol-account', bob, carol, null, '/account')
  const shortLived = await dlg('bob-carol-short', bob, carol, null, '/', { expiration: NOW - MINUTE })
  const foreign = await dlg('mallory-carol', mallory, carol, null, '/')
  const rootPowerline = await dlg('alice-bob-powerline', alice, bob, null, '/storage')

  const use = async (
    name: string,
    description: string,
    invoker: Signer,
    subject: Signer,
    command: string,
    path: string,
    prf: readonly Delegation[],
    expect: ExpectedError | 'root-first' | 'leaf-first' = 'root-first',
  ): Promise<InvocationCase> => ({
    name,
    description,
    time: NOW,
    invocation: await invoke({
      label: `powerline/${name}`,
      issuer: invoker,
      subject: subject.did(),
      command,
      args: command === '/account' ? {} : { path, size: 1 },
      proofs: prf,
    }),
    proofs: prf,
    ...(typeof expect === 'string' ? { proofOrder: expect } : { error: expect }),
  })

  const cases = await Promise.all([
    use('passes on what it receives', 'bob gives carol everything he holds (/, sub null); alice gave him /storage', carol, alice, '/storage/read', '/a.txt', [aliceStorage, everything]),
    use('serves every subject', 'the same powerline serves dan, who also delegated to bob', carol, dan, '/storage/write', '/a.txt', [danStorage, everything]),
    use('leaf first', 'the powerline chain listed leaf first', carol, alice, '/storage/read', '/a.txt', [everything, aliceStorage], 'leaf-first'),
    use('narrower command and a policy', 'a powerline of /storage/read under /photos', carol, alice, '/storage/read', '/photos/a.jpg', [aliceStorage, photosRead]),
    use('two powerlines in a row', 'carol passes her powerline on to erin', erin, alice, '/storage/list', '/a', [aliceStorage, everything, onward]),
    use('its policy applies', "the powerline's scope /photos excludes /docs", carol, alice, '/storage/read', '/docs/a.txt', [aliceStorage, photosRead], POLICY_VIOLATION),
    use('its command applies', 'the powerline passes on /storage/read only', carol, alice, '/storage/write', '/photos/a.jpg', [aliceStorage, photosRead], COMMAND_ESCALATION),
    use('cannot exceed what it receives', 'bob holds only /storage/read from alice; the powerline of / passes on no more', carol, alice, '/storage/write', '/a.txt', [aliceRead, everything], COMMAND_ESCALATION),
    use('disjoint command', 'a powerline of /account under /storage passes on nothing', carol, alice, '/account', '', [aliceStorage, account], COMMAND_ESCALATION),
    use('expired powerline', 'the powerline expired a minute before the invocation', carol, alice, '/storage/read', '/a.txt', [aliceStorage, shortLived], EXPIRED),
    use('issued by another principal', 'mallory, not bob (the audience before it), issued the powerline', carol, alice, '/storage/read', '/a.txt', [aliceStorage, foreign], PRINCIPAL_MISALIGNED),
    use('powerline at the root', 'a chain cannot start with a powerline: nobody is its subject', bob, alice, '/storage/read', '/a.txt', [rootPowerline], POWERLINE_ROOT),
  ])
  return invocationFile({
    name: 'powerline.json',
    comments: 'Powerline delegations (sub: null). Verify each invocation at `time` with clock skew 0.',
    principals: ['alice', 'bob', 'carol', 'dan', 'erin', 'mallory'],
    cases,
  })
}
