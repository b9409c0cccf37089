// What can go wrong on a projector page, measured in the page (tests/e2e/
// test_projector_on_every_screen.py): its problems, the fit its type shrank to, and the
// smallest text of its charts, which must be at least `smallest` px at 1080p, scaled.
// `within`: a selector for the part of the page to check (the console's copy of the
// projector's result, in test_console_in_one_view.py); else the projector's stage.
([smallest, within]) => {
  const problems = [];
  const vw = innerWidth, vh = innerHeight;
  const scale = Math.min(vw / 1920, vh / 1080);
  const root = document.scrollingElement;
  if (root.scrollHeight > vh + 1 || root.scrollWidth > vw + 1) {
    problems.push(`page scrolls: ${root.scrollWidth}x${root.scrollHeight}`);
  }
  const stage = (within && document.querySelector(within))
    || document.querySelector('.st-key-projector-stage')
    || document.querySelector('[data-testid="stMain"]');
  const box = document.querySelector('.st-key-projector-step');
  if (box && (box.scrollHeight > box.clientHeight + 1 || box.scrollWidth > box.clientWidth + 1)) {
    problems.push(`step overflows its box: ${box.scrollHeight} > ${box.clientHeight}`);
  }
  const fit = box ? Number(getComputedStyle(box).getPropertyValue('--gs-fit') || 1) : 1;
  const inside = (r, o) => r.left >= o.left - 1 && r.right <= o.right + 1
    && r.top >= o.top - 1 && r.bottom <= o.bottom + 1;
  const screen = { left: 0, top: 0, right: vw, bottom: vh };
  const visible = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  for (const el of stage.querySelectorAll('h1, p, li, span, time, img')) {
    if (!visible(el)) continue;
    const r = el.getBoundingClientRect();
    if (!inside(r, screen)) problems.push(`off the screen: ${el.tagName} "${el.textContent.slice(0, 40)}"`);
    // An inline span's glyph box may stand out of its line by a pixel or two: blocks only.
    const holder = el.closest('.st-key-projector-step, .st-key-projector-join, .st-key-projector-strip');
    const block = !['SPAN', 'TIME'].includes(el.tagName);
    if (block && holder && !inside(r, holder.getBoundingClientRect())) {
      problems.push(`out of its box: ${el.tagName} "${el.textContent.slice(0, 40)}"`);
    }
  }
  let charts = 0, smallestChartText = Infinity;
  for (const chart of stage.querySelectorAll('[data-testid="stPlotlyChart"]')) {
    charts += 1;
    const area = chart.getBoundingClientRect();
    const texts = [...chart.querySelectorAll('svg text')]
      .filter((t) => t.textContent.trim() && visible(t));
    for (const t of texts) {
      const size = parseFloat(getComputedStyle(t).fontSize);
      smallestChartText = Math.min(smallestChartText, size);
      if (!inside(t.getBoundingClientRect(), area)) {
        problems.push(`chart text cut off: "${t.textContent.slice(0, 40)}"`);
      }
    }
    const rects = texts.map((t) => t.getBoundingClientRect());
    for (let i = 0; i < rects.length; i += 1) {
      for (let j = i + 1; j < rects.length; j += 1) {
        const a = rects[i], b = rects[j];
        const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (x > 2 && y > 2) {
          problems.push(`chart texts overlap: "${texts[i].textContent.slice(0, 30)}" / "${texts[j].textContent.slice(0, 30)}"`);
        }
      }
    }
  }
  if (charts && smallestChartText < smallest * scale - 1) {
    problems.push(`chart text ${smallestChartText}px < ${smallest * scale}px`);
  }
  return { problems, fit, charts, smallestChartText: charts ? smallestChartText : null };
}
