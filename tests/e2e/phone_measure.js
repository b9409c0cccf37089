// What a phone screen offers to tap and read, measured in the page (tests/e2e/
// test_phone_screens_measured.py): controls smaller than `smallest` px, questions whose
// text is smaller than their answers', elements that still move with reduced motion, text
// shown twice, questions a screen reader does not hear as one named group, anything wider
// than the screen or cut off, and whether the answer's buttons are on screen.
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
  const main = document.querySelector('[data-testid="stMain"]') || document.body;
  const clean = (t) => t.replace(/\s+/g, ' ').trim().toLowerCase();
  const inAnswers = (el) => el.closest('[role="radiogroup"], [role="group"], [role="toolbar"], button');
  const texts = [...main.querySelectorAll('h1, h2, h3, h4, [data-testid="stWidgetLabel"] p, '
    + '[data-testid="stMarkdownContainer"] > p, [data-testid="stCaptionContainer"] p, li')]
    .filter((el) => shown(el) && !inAnswers(el)).map((el) => clean(el.innerText))
    .filter((t) => t.length > 3);
  const headings = [...main.querySelectorAll('h1, h2, h3, h4')].filter(shown)
    .map((h) => clean(h.innerText));
  const repeats = [
    ...texts.filter((t, i) => texts.indexOf(t) !== i),
    ...texts.filter((t) => headings.some((h) => t !== h && t.startsWith(h)
      && /^[.,:;!?]/.test(t.slice(h.length)))),
  ];
  const asked = [...main.querySelectorAll('[data-testid="stRadio"], [data-testid="stButtonGroup"]')];
  if (asked.length === 1) {
    const label = asked[0].querySelector('[data-testid="stWidgetLabel"]');
    if (label && /^1\.\s/.test(label.innerText.trim())) repeats.push(`numbered alone: ${label.innerText}`);
  }
  const ungrouped = asked.filter((q) => {
    const group = q.querySelector('[role="radiogroup"], [role="group"]');
    const label = clean(q.querySelector('[data-testid="stWidgetLabel"]')?.innerText || '');
    return !group || clean(group.getAttribute('aria-label') || '') !== label;
  }).map((q) => name(q));
  const width = innerWidth;
  const cut = [...main.querySelectorAll('p, label, button, h1, h2, h3, h4, li, input, textarea')]
    .filter(shown).filter((el) => {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      const clips = ['hidden', 'clip'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1;
      return r.right > width + 1 || r.left < -1 || clips;
    }).map((el) => `${name(el)}: ${Math.round(el.getBoundingClientRect().left)}..${Math.round(el.getBoundingClientRect().right)}`);
  const bar = document.querySelector('[data-testid="stLayoutWrapper"]:has(> .st-key-answer-actions)');
  const barBox = bar && bar.getBoundingClientRect();
  return {
    controls: controls.length, questions: questions.length, small, smallerQuestions, moving,
    repeats, ungrouped, cut: cut.slice(0, 5), scrollWidth: document.documentElement.scrollWidth,
    mainScrollWidth: main.scrollWidth, width,
    actions: bar ? (barBox.top >= -1 && barBox.bottom <= innerHeight + 1) : null,
  };
}
