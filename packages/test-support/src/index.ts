export { readVectorJson, vectorsDir } from './vectors.js'
