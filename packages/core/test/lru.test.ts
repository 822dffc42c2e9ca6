import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Lru } from '../src/cache/lru.js'

describe('Lru', () => {
  it('keeps recently read entries and drops the oldest generation whole', () => {
    const lru = new Lru<string, number>(4)
    lru.set('a', 1)
    lru.set('b', 2) // generation full (2 of 4): a, b become the previous one
    lru.set('c', 3)
    expect(lru.get('a')).toBe(1) // read back into the current generation, which is now full: c, a are previous
    lru.set('d', 4)
    lru.set('e', 5) // d, e become previous; b (never read) is gone
    expect(lru.get('b')).toBeUndefined()
    expect(lru.get('d')).toBe(4)
    expect(lru.size).toBeLessThanOrEqual(4)
  })

  it('bounds the weight it holds to maxWeight plus one entry', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 300 }), fc.boolean())), (operations) => {
        const lru = new Lru<number, number>(1000, 500)
        for (const [key, weight, grow] of operations) {
          if (grow) lru.addWeight(key, weight)
          else lru.set(key, key, weight)
          expect(lru.weight).toBeLessThanOrEqual(500 + 300 * 2)
          expect(lru.weight).toBeGreaterThanOrEqual(0)
        }
      }),
    )
  })

  it('accounts weight exactly through sets, growth, moves and deletes', () => {
    const lru = new Lru<string, string>(100, 1000)
    lru.set('a', 'a', 100)
    lru.set('b', 'b', 50)
    lru.addWeight('a', 25)
    expect(lru.weight).toBe(175)
    lru.set('a', 'a2', 10) // replaced: its old weight goes
    expect(lru.weight).toBe(60)
    lru.delete('b')
    expect(lru.weight).toBe(10)
    lru.addWeight('missing', 1000)
    expect(lru.weight).toBe(10)
    lru.clear()
    expect([lru.weight, lru.size]).toEqual([0, 0])
  })

  it('drops heavy entries soon: an entry of half the weight bound ends its generation', () => {
    const lru = new Lru<string, number>(100, 100)
    lru.set('heavy', 1, 60)
    lru.set('next', 2, 60)
    lru.set('third', 3, 1)
    expect(lru.get('heavy')).toBeUndefined()
    expect(lru.weight).toBeLessThanOrEqual(100 + 60)
  })
})
