import { registerEcdsa } from '../ecdsa/register.js'
export { decodeEnvelope } from './decode.js'
export { signEnvelope } from './sign.js'
export type { SignEnvelopeOptions } from './sign.js'
export { verifyEnvelopeSignature } from './verify.js'
export { eip191Digest } from './eip191.js'
export { compactEip191Signature, EIP191_RECOVERY_BYTES, verifyEip191Signature } from './eip191-signature.js'
export { MAX_TOKEN_BYTES } from './limits.js'
export { ACCEPTED_VERSIONS, EMITTED_VERSION } from './tag.js'
export { KEY_TYPE_OF, DEFAULT_ALGORITHM } from './algorithm.js'
export { envelopeIdentity } from './identity.js'

// The default entries enable every key type; `@capchain/core/lean` leaves ECDSA to an explicit registerEcdsa().
registerEcdsa()
