/** Small DOM helpers for the page: elements by id, typed, and table rows built without HTML strings. */

/** @throws {Error} the page has no such element (a broken page, not a user error) */
export function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id)
  if (element === null) throw new Error(`the page has no #${id}`)
  return element as T
}

/** A table cell with text (never HTML: names come from storage and DIDs from other agents). */
export function cell(text: string, className?: string): HTMLTableCellElement {
  const td = document.createElement('td')
  const code = document.createElement('code')
  code.textContent = text
  td.append(code)
  if (className !== undefined) td.className = className
  return td
}

export function buttonCell(...buttons: HTMLButtonElement[]): HTMLTableCellElement {
  const td = document.createElement('td')
  td.append(...buttons)
  return td
}

export function button(label: string, onClick: () => void, data: Record<string, string> = {}): HTMLButtonElement {
  const element = document.createElement('button')
  element.type = 'button'
  element.className = 'secondary'
  element.textContent = label
  for (const [key, value] of Object.entries(data)) element.dataset[key] = value
  element.addEventListener('click', onClick)
  return element
}

export function row(...cells: HTMLTableCellElement[]): HTMLTableRowElement {
  const tr = document.createElement('tr')
  tr.append(...cells)
  return tr
}
