// What a phone screen offers to tap and read, measured in the page (tests/e2e/
// test_phone_screens_measured.py): controls smaller than `smallest` px, questions whose
// text is smaller than their answers', and elements that still move with reduced motion.
(smallest) => {
  // Shown: not hidden, and not a 1 px "visually hidden" element (the skip link, until focused).
  const shown = (el) => { const r = el.getBoundingClientRect(); return r.width > 1 && r.height > 1
    && getComputedStyle(el).visibility !== 'hidden'; };
  const name = (el) => (el.innerText || el.getAttribute('aria-label') || el.tagName).trim().slice(0, 40);
  const controls = [...document.querySelectorAll(
    'button, a[href], input:not([type=radio]):not([type=checkbox]), textarea, select, '
    + '[data-testid="stRadio"] label')].filter(shown);
  const small = controls.map((el) => [name(el), el.getBoundingClientRect()])
    .filter(([, r]) => r.width < smallest - 0.5 || r.height < smallest - 0.5)
    .map(([n, r]) => `${n}: ${Math.round(r.width)}x${Math.round(r.height)}`);
  const size = (el) => el ? parseFloat(getComputedStyle(el).fontSize) : null;
  const questions = [...document.querySelectorAll('[data-testid="stRadio"], [data-testid="stButtonGroup"]')]
    .map((q) => [size(q.querySelector('[data-testid="stWidgetLabel"] p')),
      size(q.querySelector('label p, button p'))])
    .filter(([question, answer]) => question !== null && answer !== null);
  const smallerQuestions = questions.filter(([question, answer]) => question < answer - 0.5)
    .map(([question, answer]) => `question ${question}px < answer ${answer}px`);
  const moving = [...document.querySelectorAll('body *')].filter((el) => {
    const style = getComputedStyle(el);
    const longest = (v) => Math.max(...v.split(',').map((d) => parseFloat(d) || 0));
    return longest(style.transitionDuration) > 0 || (style.animationName !== 'none'
      && longest(style.animationDuration) > 0);
  }).map((el) => el.getAttribute('data-testid') || el.className || el.tagName).slice(0, 5);
  return { controls: controls.length, questions: questions.length, small, smallerQuestions, moving };
}
