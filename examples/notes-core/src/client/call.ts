/** One request to a notes app, and what came back, as the client prints it. */

export interface CallInput {
  readonly method: 'GET' | 'PUT' | 'POST'
  /** e.g. `/notes/n1` */
  readonly path: string
  readonly authorization: string
  /** A write's note text. */
  readonly body?: string
}

export interface Outcome {
  readonly status: number
  /** The refusal's stable code (`ERR_…`), absent when served. */
  readonly code?: string
  /** The answer's JSON body. */
  readonly body: unknown
}

/** Send `input` to `baseUrl`; refusals are outcomes, not throws. @throws {TypeError} the app cannot be reached */
export async function callNotes(baseUrl: string, input: CallInput): Promise<Outcome> {
  const response = await fetch(`${baseUrl}${input.path}`, {
    method: input.method,
    headers: { authorization: input.authorization },
    ...(input.body === undefined ? {} : { body: input.body }),
  })
  const body = (await response.json()) as { code?: unknown }
  return { status: response.status, ...(!response.ok && typeof body.code === 'string' ? { code: body.code } : {}), body }
}
