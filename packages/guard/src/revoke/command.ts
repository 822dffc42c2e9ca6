/** The command of a revocation (ucan-wg/revocation, "Invoking Revocation", in UCAN 1.0 command syntax). */
export const REVOKE_COMMAND = '/ucan/revoke'
