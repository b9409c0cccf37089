// A components-v2 component (ui/keys.py): the console answers the keys of presentation
// software. → (or Page Down, what a presenter's clicker sends) makes the flow's next move,
// ← (Page Up) goes back a step, B (or ".") blanks the projector or brings it back.
// A press carries the session version the page was drawn for, so a second press made
// before the page caught up with the first does nothing instead of a second move; B
// carries the curtain state it asks for, so pressing it twice in a hurry cannot undo it.
const KEYS = {
  ArrowRight: "next",
  PageDown: "next",
  ArrowLeft: "previous",
  PageUp: "previous",
  b: "blank",
  B: "blank",
  ".": "blank",
};

// Typing in a field (the step picker's search, a number) keeps its keys.
const typing = (target) =>
  target instanceof Element &&
  (target.isContentEditable || target.closest("input, textarea, select, [role='listbox']"));

// Streamlit calls this function again with new data without calling the previous cleanup,
// and the module is loaded once per page: one listener for the page, with the latest data.
let active = null;

// The boxes that scroll (the notes, the room's panel) are reached by Tab and scrolled by the
// keyboard too, with a name a screen reader says; Page Up and Down scroll them then.
const markRegions = (regions) => {
  for (const [selector, label] of Object.entries(regions || {})) {
    const box = document.querySelector(selector);
    if (!box || box.getAttribute("aria-label") === label) continue;
    box.tabIndex = 0;
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", label);
  }
};
const inRegion = (target, regions) =>
  target instanceof Element && Object.keys(regions || {}).some((s) => target.closest(s));

export default function ({ data, setTriggerValue }) {
  if (active) active.stop();
  const regions = data ? data.regions : null;
  // The version these keys answer for, for a test to wait on before it presses.
  if (data) document.documentElement.dataset.consoleKeys = String(data.version);
  const onKey = (event) => {
    const key = KEYS[event.key];
    if (!key || !data || event.repeat || event.defaultPrevented) return;
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
    if (event.key.startsWith("Page") && inRegion(event.target, regions)) return;
    event.preventDefault();
    if (key === "blank") setTriggerValue("press", { key, curtain: !data.curtain });
    else setTriggerValue("press", { key, version: data.version });
  };
  document.addEventListener("keydown", onKey);
  const marker = new MutationObserver(() => markRegions(regions));
  marker.observe(document.body, { childList: true, subtree: true });
  markRegions(regions);
  const mine = {
    stop: () => {
      document.removeEventListener("keydown", onKey);
      marker.disconnect();
    },
  };
  active = mine;
  return () => {
    mine.stop();
    if (active === mine) active = null;
  };
}
