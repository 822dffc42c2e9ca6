/** `pnpm demo:evm` tells its whole story with every outcome as expected. */
import { expect, it } from 'vitest'
import { runEvmDemo } from '../src/demo/run.js'

it('runs the EVM demo: two purchases, every near miss refused with its reason, balances read from the EVM', async () => {
  const lines: string[] = []
  expect(await runEvmDemo((line) => void lines.push(line))).toBe(0)
  const text = lines.join('\n')
  expect(text).toContain('ERR_EVM_LIMIT')
  expect(text).toContain('"not allowed"')
  expect(text).toContain('account 4.9 ETH, shop 0.1 ETH')
  expect(lines.at(-1)).toBe('every outcome was the expected one')
}, 60_000)
