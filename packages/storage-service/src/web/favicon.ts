/**
 * The page's icon, inline so the service serves it with no file to ship or
 * forget: three links of a chain, in the page's blue. SVG, so one file
 * fits every size; no script in it (and the page's policy forbids any).
 */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">
<rect width="32" height="32" rx="7" fill="#2f6feb"/>
<g fill="none" stroke="#fff" stroke-width="3">
<rect x="3.5" y="11.5" width="11" height="9" rx="4.5"/>
<rect x="10.5" y="11.5" width="11" height="9" rx="4.5"/>
<rect x="17.5" y="11.5" width="11" height="9" rx="4.5"/>
</g>
</svg>
`
