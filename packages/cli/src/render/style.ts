import { styleText } from 'node:util'

type Style = Parameters<typeof styleText>[0]

/**
 * Colour for a terminal, none when piped or when NO_COLOR is set: output
 * that lands in a file or another program must be plain text.
 */
export function paint(style: Style, text: string, stream: NodeJS.WriteStream = process.stdout): string {
  if (!stream.isTTY || process.env.NO_COLOR !== undefined) return text
  return styleText(style, text)
}
