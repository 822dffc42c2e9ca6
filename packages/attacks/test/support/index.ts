/** Shared fixtures of the attack suite (packages/attacks/test). */
export * from './assert.js'
export * from './forge.js'
export * from './fuzz.js'
export * from './inputs.js'
export * from './siwe.js'
export * from './storage.js'
export * from './world.js'
export * from './http.js'
