/**
 * A real pino logger writing JSON lines into memory, and a real
 * OpenTelemetry tracer exporting to memory: what a service would hand the
 * guard, read back by the observability tests.
 */
import { Writable } from 'node:stream'
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace-base'
import { pino } from 'pino'
import type { Logger } from 'pino'

/** One JSON line pino wrote. */
export type LogLine = Record<string, unknown> & { readonly level: number; readonly msg?: string }

export interface LogCapture {
  readonly logger: Logger
  /** Every line written so far, raw and parsed. */
  readonly raw: string[]
  readonly lines: LogLine[]
  /**
   * The first line after the `from`-th that satisfies `match`, once written
   * (the access line of an allowed request comes after its settlement, once the response is over).
   */
  next(match: (line: LogLine) => boolean, from?: number): Promise<LogLine>
}

/** A pino logger at debug level over an in-memory stream. */
export function captureLogs(): LogCapture {
  const raw: string[] = []
  const lines: LogLine[] = []
  const waiting = new Set<() => void>()
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString('utf8').split('\n').filter((part) => part !== '')) {
        raw.push(text)
        lines.push(JSON.parse(text) as LogLine)
      }
      for (const wake of waiting) wake()
      done()
    },
  })
  const next = (match: (line: LogLine) => boolean, from = 0): Promise<LogLine> =>
    new Promise((resolve) => {
      const look = (): void => {
        const found = lines.slice(from).find(match)
        if (found === undefined) return
        waiting.delete(look)
        resolve(found)
      }
      waiting.add(look)
      look()
    })
  return { logger: pino({ level: 'debug' }, stream), raw, lines, next }
}

export interface SpanCapture {
  readonly tracer: ReturnType<BasicTracerProvider['getTracer']>
  /** Finished spans, in the order they started. */
  spans(): ReadableSpan[]
  reset(): void
}

/** A tracer whose spans are kept in memory as they end, in the order they started (start times alone tie at a root's millisecond clock). */
export function captureSpans(): SpanCapture {
  const exporter = new InMemorySpanExporter()
  let started: string[] = []
  const order: SpanProcessor = {
    onStart: (span) => void started.push(span.spanContext().spanId),
    onEnd: () => undefined,
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  }
  const provider = new BasicTracerProvider({ spanProcessors: [order, new SimpleSpanProcessor(exporter)] })
  const rank = (span: ReadableSpan): number => started.indexOf(span.spanContext().spanId)
  return {
    tracer: provider.getTracer('capchain-guard-test'),
    spans: () => [...exporter.getFinishedSpans()].sort((a, b) => rank(a) - rank(b)),
    reset: () => {
      exporter.reset()
      started = []
    },
  }
}
