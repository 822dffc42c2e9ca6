/** A JSON value, as a ReCap caveat may hold. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue }

/** One qualification of an ability (EIP-5573 calls them nota bene): `{}` means "no restriction". */
export type RecapCaveat = { readonly [key: string]: JsonValue }

/** Ability strings (`<namespace>/<name>`) of one resource, each with its caveats; an empty list grants nothing usable. */
export type RecapAbilities = { readonly [ability: string]: readonly RecapCaveat[] }

/** An EIP-5573 ReCap Details Object. */
export interface Recap {
  /** Resource URI → abilities on it. At least one resource, each with at least one ability. */
  readonly att: { readonly [resource: string]: RecapAbilities }
  /** CIDs (strings, kept as written) of parent capabilities; may be empty. */
  readonly prf: readonly string[]
}

/** Every ReCap URI starts with this. */
export const RECAP_URI_PREFIX = 'urn:recap:'

/** The fixed opening of the text a ReCap translates to in the SIWE statement. */
export const RECAP_STATEMENT_PREAMBLE = 'I further authorize the stated URI to perform the following actions on my behalf:'
