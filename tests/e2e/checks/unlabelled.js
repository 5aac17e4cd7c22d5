// Form controls without an accessible name (a <label>, aria-label or aria-labelledby).
() => [...document.querySelectorAll('input, select, textarea, button')]
  .filter((el) => el.type !== 'hidden' && el.checkVisibility())
  .filter((el) => !(el.labels && el.labels.length))
  .filter((el) => !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
  .filter((el) => !(el.tagName === 'BUTTON' && el.textContent.trim()))
  .map((el) => el.outerHTML.slice(0, 120))
