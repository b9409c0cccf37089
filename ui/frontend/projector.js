// The projector as a slide: every size in projector.css is in design pixels of a 1920×1080
// screen, scaled to the screen the projector has (the largest 16:9 box it holds), so that
// type and the join code keep their proportions on any projector, from 1024×768 to 4K.
// A step whose text is too long for its box shrinks its type until it fits. Runs inside a
// function with `cfg` in scope (ui/frontend.py): { language, pauseLeft, pauseOver,
// chartModule }.
const stage = window.__groepssessieProjector || (window.__groepssessieProjector = build());
stage.configure(cfg);
preloadCharts(cfg.chartModule);

// Streamlit loads its chart script (4.7 MB, 1.4 MB compressed) when a page draws its first
// chart: a projector's first reveal took 4.8 s to show its chart with five tabs open, the
// next ones 0.85 s (about a second per tab to fetch and run it). Loaded once the page is
// idle instead, it is ready before the facilitator reveals; Streamlit's own import of the
// same address then finds it loaded.
function preloadCharts(address) {
  if (!address || window.__groepssessieChartsLoaded) return;
  window.__groepssessieChartsLoaded = true;
  const load = () => import(new URL(address, document.baseURI).href).catch(() => {
    window.__groepssessieChartsLoaded = false; // offline for a moment: the next run tries
  });
  if ("requestIdleCallback" in window) requestIdleCallback(load, { timeout: 3000 });
  else setTimeout(load, 1000);
}

function build() {
  const DESIGN_W = 1920;
  const DESIGN_H = 1080;
  const SMALLEST_FIT = 0.4;
  let current = cfg;
  const root = document.documentElement;

  const scale = () => {
    const s = Math.min(innerWidth / DESIGN_W, innerHeight / DESIGN_H);
    if (root.style.getPropertyValue("--gs-scale") !== String(s)) {
      root.style.setProperty("--gs-scale", String(s));
    }
  };

  const overflows = (box) =>
    box.scrollHeight > box.clientHeight + 1 || box.scrollWidth > box.clientWidth + 1;

  // The largest type (at most the design size) at which the step fits its box: a few
  // rounds of bisection, each one synchronous layout of the box.
  const fit = () => {
    for (const box of document.querySelectorAll(".st-key-projector-step")) {
      box.style.setProperty("--gs-fit", "1");
      if (!overflows(box)) continue;
      let low = SMALLEST_FIT;
      let high = 1;
      for (let round = 0; round < 7; round += 1) {
        const middle = (low + high) / 2;
        box.style.setProperty("--gs-fit", String(middle));
        if (overflows(box)) high = middle;
        else low = middle;
      }
      box.style.setProperty("--gs-fit", String(low));
    }
  };

  // The pause: when the group starts again, in the projector's own time zone.
  const clocks = () => {
    const locale = current.language === "nl" ? "nl-NL" : "en-GB";
    for (const clock of document.querySelectorAll("time.gs-until")) {
      const until = new Date(clock.dateTime);
      const left = Math.ceil((until.getTime() - Date.now()) / 60000);
      const at = until.toLocaleTimeString(locale, { hour: "2-digit", minute: "2-digit" });
      const words = left > 0 ? current.pauseLeft.replace("{n}", String(left)) : current.pauseOver;
      if (clock.textContent !== at) clock.textContent = at;
      const note = clock.parentElement && clock.parentElement.nextElementSibling;
      if (note && note.classList.contains("gs-until-note") && note.textContent !== words) {
        note.textContent = words;
      }
    }
  };

  let queued = false;
  const refresh = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      scale();
      clocks();
      fit();
    });
  };

  scale();
  addEventListener("resize", refresh);
  if (document.fonts) document.fonts.ready.then(refresh);
  // Streamlit redraws the step without reloading the page; the fit follows every redraw.
  new MutationObserver(refresh).observe(document.body, {
    childList: true,
    subtree: true,
    characterData: true,
  });
  const timers = [setInterval(refresh, 15000)];
  return {
    timers,
    configure(next) {
      current = next;
      refresh();
    },
  };
}
