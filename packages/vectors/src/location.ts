import { fileURLToPath } from 'node:url'

/** The repository's test-vectors/ folder (this file is at packages/vectors/{src,dist}/). */
export const VECTORS_DIR = fileURLToPath(new URL('../../../test-vectors', import.meta.url))
