import { bench, describe } from 'vitest'
import { evaluatePolicy, parsePolicy } from '../src/index.js'
import type { IPLDValue } from '../src/index.js'

const raw: IPLDValue[] = [
  ['==', '.op', 'write'],
  ['like', '.path', '/photos/*'],
  ['<=', '.size', 1048576],
  ['!=', '.path', '/photos/secret'],
  ['or', [['==', '.tag', 'a'], ['==', '.tag', 'b']]],
]
const policy = parsePolicy(raw)
const allowed = { op: 'write', path: '/photos/2024/cat.jpg', size: 524288, tag: 'b' }
const denied = { op: 'write', path: '/photos/2024/cat.jpg', size: 3145728, tag: 'b' }

describe('storage policy, 5 statements', () => {
  bench('evaluate parsed policy (allowed)', () => {
    evaluatePolicy(policy, allowed)
  })

  bench('evaluate parsed policy (denied, with explanation)', () => {
    evaluatePolicy(policy, denied)
  })

  bench('parse + evaluate raw policy (allowed)', () => {
    evaluatePolicy(raw, allowed)
  })

  bench('parse only', () => {
    parsePolicy(raw)
  })
})
