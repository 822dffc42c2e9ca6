/**
 * OpenTelemetry spans for the guard's steps, only for a service that passes
 * a tracer: `@opentelemetry/api` (an optional peer) is imported on the
 * first traced request and never otherwise, so a plain install and a
 * bundle without a tracer do not carry it.
 */
import { CapchainError } from '@capchain/core/errors'

/** A span's attribute values, as OpenTelemetry takes them. */
export type SpanAttributes = Readonly<Record<string, string | number | boolean>>

/** The part of an OpenTelemetry `Span` the guard uses. */
export interface GuardSpan {
  setAttribute(key: string, value: string | number | boolean): unknown
  setStatus(status: { code: number; message?: string }): unknown
  end(): void
}

/** The part of an OpenTelemetry `Tracer` the guard uses: `@opentelemetry/api`'s `Tracer` fits. */
export interface GuardTracer {
  startSpan(name: string, options?: { attributes?: SpanAttributes }, context?: unknown): GuardSpan
}

/** OpenTelemetry's `SpanStatusCode.ERROR`, a constant of the specification, so status is set without the API at hand. */
export const SPAN_STATUS_ERROR = 2

/** How a traced step runs: as a child of `parent`, made the active span while it runs. */
export type StartChild = <T>(parent: GuardSpan, name: string, run: (span: GuardSpan) => Promise<T>) => Promise<T>

/**
 * The child-span runner of `tracer`, loading `@opentelemetry/api` once, on first use.
 * @throws {Error} (from the returned runner) `@opentelemetry/api` is not installed
 */
export function childSpans(tracer: GuardTracer): StartChild {
  let api: Promise<typeof import('@opentelemetry/api')> | undefined
  return async (parent, name, run) => {
    api ??= import('@opentelemetry/api')
    const { context, trace } = await api
    // The parent is passed explicitly: without a context manager (workers, plain SDKs) the active context would not cross awaits.
    const parentContext = trace.setSpan(context.active(), parent as Parameters<typeof trace.setSpan>[1])
    const span = tracer.startSpan(name, {}, parentContext)
    try {
      return await context.with(trace.setSpan(parentContext, span as Parameters<typeof trace.setSpan>[1]), () => run(span))
    } catch (error) {
      // A refusal is named by its stable code, as on the request's span; a fault by its message.
      span.setStatus({ code: SPAN_STATUS_ERROR, message: error instanceof CapchainError ? error.code : error instanceof Error ? error.message : String(error) })
      throw error
    } finally {
      span.end()
    }
  }
}
