/**
 * The verifier a holder checks imported delegations with, in a module of its
 * own: `importDelegation` loads it when first called (`load-holder-verifier.ts`),
 * so the verifier, the policy engine, the ECDSA curves and the inflater are
 * downloaded by the apps that import delegations, when they first do, and not
 * by every app at start. What it checks is what it checked when it was loaded
 * with the client.
 */
import { registerEcdsa } from '@capchain/core/ecdsa'
import { registerGzip } from '@capchain/core/gzip'
import { siweRootFormat } from '@capchain/siwe'
import { createVerifier } from '@capchain/verifier/lean'
import type { ChainVerifier } from '@capchain/verifier/lean'

// Any key type and container variant a chain may carry; no resolver (the
// lean entry leaves the DID document reader out of the bundle), as before.
registerEcdsa()
registerGzip()

/** A holder checks chains without knowing which SIWE domains a service trusts. */
export const holderVerifier: ChainVerifier = createVerifier({ rootFormats: [siweRootFormat()] })
