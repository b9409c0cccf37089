// The one watchdog of every polling page (phones, console, projector): see ui/watchdog.py
// for the three ways a page was seen to stay behind the session, and the Streamlit issues
// they work around. Runs inside a function with `cfg` in scope (ui/frontend.py):
// { staleAfterMs, key, reloadAfterMs, pushed, mustShow }.
//
// - Behind: the latest poll (the heartbeat mark) read a newer session version than the
//   page was drawn for (the drawn mark): press the hidden button, an ordinary full rerun.
// - Dead timer: the heartbeat stands still while the page is on screen and online: press
//   the button after staleAfterMs; where reloadAfterMs is set (phones), reload the page if
//   the heartbeat still stands still by then, at most once a minute.
// - Drawn in part: a control that every drawing of the page has (mustShow, by its key) is
//   missing while no run is going: press the button.
const dog = window.__groepssessieWatchdog || (window.__groepssessieWatchdog = start(cfg));
dog.configure(cfg);

// A run's last elements arrive a moment after its state says it finished.
const PART_PATIENCE_MS = 1500;

function start(first) {
  let current = first;
  let lastBeat = null;
  let beatMoved = Date.now();
  let lastNudge = 0;
  let behindSince = null;
  let partSince = null;
  let nudges = 0;
  document.addEventListener("visibilitychange", () => {
    beatMoved = Date.now();
  });

  const nudge = () => {
    const button = document.querySelector(`.st-key-${current.key} button`);
    if (!button || Date.now() - lastNudge < 3000) return;
    lastNudge = Date.now();
    behindSince = null;
    partSince = null;
    nudges += 1;
    button.click();
  };

  const reload = () => {
    const reloadedAt = Number(sessionStorage.getItem("gs-reloaded-at") || 0);
    if (Date.now() - reloadedAt < 60000) return;
    sessionStorage.setItem("gs-reloaded-at", String(Date.now()));
    location.reload();
  };

  const check = () => {
    // While the push channel is live (ui/frontend/push.js), its stream is the heartbeat.
    const pushed = current.pushed ? document.querySelector(".gs-push[data-live='1']") : null;
    const beat = pushed || document.querySelector(".gs-beat");
    const drawn = document.querySelector(".gs-drawn");
    const value = beat ? beat.dataset.beat : null;
    // The phone's own notice (ui/frontend/phone.js) says the connection is down.
    const connected = navigator.onLine && !document.body.classList.contains("gs-offline");
    const visible = document.visibilityState === "visible" && connected;
    // Give a full run in progress a moment to finish drawing before pressing.
    const behind = visible && beat && drawn && beat.dataset.version !== undefined
      && beat.dataset.version !== drawn.dataset.version;
    // The push channel reruns the page itself at once; the button is its backup.
    const patience = pushed ? 3000 : 400;
    behindSince = behind ? (behindSince ?? Date.now()) : null;
    const app = document.querySelector('[data-testid="stApp"]');
    const running = app && app.getAttribute("data-test-script-state") === "running";
    if (behind && Date.now() - behindSince >= (running ? 3000 : patience)) nudge();
    // Only on a page the full run drew (its drawn mark): after the session ends, the
    // summary has none of the controls, and this config stays until a page draws another.
    const part = visible && drawn && !running && current.mustShow.some(
      (key) => !document.querySelector(`.st-key-${key}`),
    );
    partSince = part ? (partSince ?? Date.now()) : null;
    if (part && Date.now() - partSince >= PART_PATIENCE_MS) nudge();
    if (value !== lastBeat || !visible) {
      lastBeat = value;
      beatMoved = Date.now();
      return;
    }
    if (value === null) return;
    const still = Date.now() - beatMoved;
    if (current.reloadAfterMs !== null && still >= current.reloadAfterMs) {
      reload();
    } else if (still >= current.staleAfterMs && Date.now() - lastNudge >= current.staleAfterMs) {
      nudge();
    }
  };

  return {
    timers: [setInterval(check, 200)],
    nudges: () => nudges, // for the browser tests
    configure(next) {
      current = next;
    },
  };
}
