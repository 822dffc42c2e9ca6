import type { Eip1193Provider } from './interface.js'

/** A raw EIP-1193 provider (`window.ethereum`, an EIP-6963 announcement's `provider`): `request` only. */
export function isEip1193Provider(value: object): value is Eip1193Provider {
  return typeof (value as { request?: unknown }).request === 'function'
}
