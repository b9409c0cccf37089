// A components-v2 component (ui/push.py): the page's push channel. It holds one event
// stream (serve.py, api/changes) to the session this page follows, and when the stream says
// the session is ahead of what the page was drawn for, it sets the trigger "changed": the
// polling fragment it sits in reruns at once, reads the session and redraws what changed.
// It reports "live" (the stream answers) so that the page can stop polling meanwhile.
//
// Streamlit calls the function again with new data on every rerun of the fragment without
// calling the previous cleanup, and the module is loaded once per page: one stream per page,
// kept across reruns. A mark outside Streamlit's tree (.gs-push) tells the watchdog
// (ui/frontend/watchdog.js) that the stream beats, as a poll's heartbeat would.
const BEAT_MS = 30000; // serve.py's BEAT_SECONDS
// No word for this long: not live. A beat missed and 25 s: short enough that a phone whose
// stream died unnoticed polls, and marks itself as here, within the 90 s that count as
// connected after the feed's last mark (30 s apart): 30 + 55 + one poll < 90.
const SILENT_MS = BEAT_MS + 25000;
const ASK_AGAIN_MS = 5000; // a trigger that changed nothing on screen is sent again
// Closed for a newer stream of the same token (another tab of this phone, a second
// projector tab): ask again when this tab is looked at, or after a minute (the other tab
// may be gone), and poll meanwhile, instead of taking the place of the next oldest at once.
const DISPLACED_RETRY_MS = 60000;
// After a press or a key the page's own run is owed, and no rerun is asked for until the
// page was seen running since and is done (or OWED_MS passed: the input started no run).
// A rerun asked for before that run reached the control it is for could stop it there,
// and the next run knows nothing of the press: a fixed 1.5 s of quiet was seen too short
// in CI ("Ja, afsluiten" pressed, and the console ran on). views/console.py guards the
// server side of the same race.
const OWED_MS = 5000;
const CONTROLS = "button, a, input, select, textarea, label, [role='button'], [role='option'], "
  + "[role='checkbox'], [role='radio'], [role='switch'], [role='slider'], [role='combobox']";
const STATE = "data-test-script-state";
let inputAt = 0;
let ranSinceInput = true;
const owed = () => !ranSinceInput && Date.now() - inputAt < OWED_MS;
const pressed = () => {
  inputAt = Date.now();
  ranSinceInput = false;
};
document.addEventListener("keydown", pressed, { capture: true });
// A choice inside a form (a phone's answer) starts no run: only the form's buttons do.
const startsRun = (target) => target instanceof Element && target.closest(CONTROLS) !== null
  && (target.closest("button") !== null || target.closest('[data-testid="stForm"]') === null);
document.addEventListener("pointerdown", (event) => {
  if (startsRun(event.target)) pressed();
}, { capture: true });
let watchedApp = null;
const watchRuns = () => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app === watchedApp) return;
  watchedApp = app;
  new MutationObserver(() => {
    if (app.getAttribute(STATE) === "running") ranSinceInput = true;
  }).observe(app, { attributes: true, attributeFilter: [STATE] });
};
let feed = null;

export default function (component) {
  if (!feed) feed = start();
  feed.bind(component);
  return () => feed.unbound();
}

const ahead = (said, drawn, countMoved) => {
  if (!said || !drawn) return false;
  // A page is drawn only with the database answering; while it is away, a run would only
  // meet the outage (and replace what is on screen): notice() says it instead.
  if (!said.ok) return false;
  if (said.v !== drawn.v) return said.v > drawn.v;
  if (countMoved) return true;
  return typeof said.n === "number" && typeof drawn.n === "number" && said.n > drawn.n;
};

// The phones connected (the projector's "c") go up and down, and the page counts them at
// its own moment, which may fall either side of a phone's last sign of life: so a page is
// behind when the stream's count moved, not when it differs from what the page drew.
const countChanged = (before, now) =>
  before !== null && typeof now.c === "number" && before.c !== now.c;

function start() {
  let url = null;
  let source = null;
  let said = null; // what the stream last said
  let countMoved = false; // the stream's phone count moved since the last trigger
  let heardAt = 0;
  let heard = 0;
  let drawn = null; // what the page was drawn for
  let askedFor = null; // the drawn state a trigger was sent for, and when
  let askedAt = 0;
  let asks = 0;
  let believed = false; // "live" as the server last drew the page for
  let reported = null; // "live" as last reported, and when
  let reportedAt = 0;
  let setTrigger = null;
  let setState = null;
  let retry = null;
  let retryMs = 5000;
  let closing = null;
  let recheck = null; // one pending check while the page is busy, however many messages

  const mark = () => {
    let element = document.getElementById("gs-push");
    if (!element) {
      element = document.createElement("i");
      element.id = "gs-push";
      element.className = "gs-push";
      element.hidden = true;
      document.body.appendChild(element);
    }
    element.dataset.beat = String(heard);
    element.dataset.live = isLive() ? "1" : "0";
    if (said) element.dataset.version = String(said.v);
  };

  // While the stream says the database is away: the calm notice over what is on screen,
  // as a polling page's fragment adds it (ui/outage.py), gone once the database is back.
  let outageText = null;
  const notice = () => {
    let element = document.getElementById("gs-push-outage");
    const away = Boolean(said && said.ok === false && outageText);
    if (!away) {
      if (element) element.remove();
      return;
    }
    if (!element) {
      element = document.createElement("div");
      element.id = "gs-push-outage";
      element.setAttribute("role", "status");
      element.style.cssText = "position:fixed;top:0;left:0;right:0;z-index:999990;"
        + "padding:0.75rem 1rem;background:#e8f2fb;color:#0b3a5b;font-size:1rem;"
        + "border-bottom:1px solid #9cc3e5;text-align:center";
      document.body.appendChild(element);
    }
    element.textContent = outageText;
  };

  const isLive = () =>
    source !== null && source.readyState === EventSource.OPEN && Date.now() - heardAt < SILENT_MS;

  const check = () => {
    watchRuns();
    mark();
    notice();
    const live = isLive();
    const report = setState && live !== believed
      && (live !== reported || Date.now() - reportedAt > 5000);
    const news = setTrigger && ahead(said, drawn, countMoved);
    if (!report && !news) return;
    // Both rerun the page. Not while it runs: that run is likely drawing what the news is
    // about (the console's own move), and a fragment's rerun asked for during a full run
    // was seen to leave the page without the elements drawn after the fragment. When the
    // run ends, Streamlit binds the new drawing, and this check runs again. Nor while a
    // press's run is owed (above).
    const app = document.querySelector('[data-testid="stApp"]');
    const busy = app && app.getAttribute(STATE) === "running";
    if (busy || owed()) {
      if (!recheck) {
        recheck = setTimeout(() => {
          recheck = null;
          check();
        }, 150);
      }
      return;
    }
    if (report) {
      reported = live;
      reportedAt = Date.now();
      setState("live", live);
    }
    if (!news) return;
    // Asked for once per page drawn and news heard: news after a rerun that the phone count
    // asked for (the same page drawn again) is asked for at once, not after ASK_AGAIN_MS.
    const key = JSON.stringify([drawn, said.v, said.n, said.c]);
    if (key === askedFor && Date.now() - askedAt < ASK_AGAIN_MS) return;
    askedFor = key;
    askedAt = Date.now();
    asks += 1;
    countMoved = false;
    setTrigger("changed", asks);
  };

  const close = () => {
    if (source) source.close();
    source = null;
    clearTimeout(retry);
    retry = null;
  };

  // open() closes first, which clears a pending openLater: one way back at a time.
  const openLater = (ms) => {
    retry = setTimeout(() => {
      retry = null;
      open();
    }, ms);
  };

  const open = () => {
    close();
    if (!url) return;
    source = new EventSource(url);
    source.onmessage = (event) => {
      try {
        const before = said;
        said = JSON.parse(event.data);
        if (countChanged(before, said)) countMoved = true;
      } catch {
        return;
      }
      heardAt = Date.now();
      heard += 1;
      retryMs = 5000;
      check();
    };
    source.addEventListener("displaced", () => {
      close();
      openLater(DISPLACED_RETRY_MS);
      check();
    });
    source.onerror = () => {
      // A dropped connection: the browser opens it again by itself (retry: in the stream).
      // A refusal (nothing to follow yet, a cookie not set yet, a full server) closes it
      // for good: ask again later, less often each time.
      if (source && source.readyState === EventSource.CLOSED && !retry) {
        openLater(retryMs);
        retryMs = Math.min(retryMs * 2, 60000);
      }
      check();
    };
  };

  const again = () => {
    if (url && (!source || source.readyState === EventSource.CLOSED)) open();
  };
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") again();
  });
  addEventListener("online", again);
  setInterval(check, 1000);

  return {
    bind({ data, setTriggerValue, setStateValue }) {
      clearTimeout(closing);
      closing = null;
      setTrigger = setTriggerValue;
      setState = setStateValue;
      drawn = data ? data.drawn : null;
      outageText = data ? data.outage : null;
      believed = Boolean(data && data.live);
      const next = data ? data.stream : null;
      if (next !== url) {
        url = next;
        said = null;
        open();
      }
      check();
    },
    unbound() {
      // The page no longer follows a session (the goodbye, the join form): let the stream
      // go, unless the component is mounted again at once.
      closing = setTimeout(() => {
        url = null;
        said = null;
        close();
        mark();
        notice();
      }, 2000);
    },
  };
}
