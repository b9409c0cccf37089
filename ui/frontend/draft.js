// A components-v2 component (ui/answering.py, keep_in_browser): a copy of the answers a
// participant has chosen and not yet sent, in this tab's sessionStorage, so that they
// survive what ends the server's memory of them: a reload, or the app process that served
// the phone dying (a proxy then sends the phone to another process, with no draft). The
// server sends its draft on every full run of the phone's page; when its draft is empty and
// the tab holds one for the same step, the tab offers it back ("restore"). A copy the
// server refused (not a place or a choice of that step) is deleted.
//
// What is kept is what is on the phone's screen anyway. It goes when the phone is no longer
// on that step's form (sent, closed, moved on), at the quick exit (phone.js clears the tab's
// storage) and at the session's end (phone.js, wipeNotes).
const OFFER_AGAIN_MS = 2500; // an offer whose rerun was lost (it met another) is made again
const OFFERS = 3;
let latest = null; // the component as last drawn
let offers = { for: null, made: 0, timer: null };

export default function (component) {
  latest = component;
  watchConnection();
  keep();
}

// A phone whose process died is connected to another by Streamlit, which draws nothing
// until the next run: the screen shows the old process's last page, and the first tap
// would meet a server with no draft. So as soon as the connection is back, the tab offers
// its copy: that run draws the step where the participant was (a server that still has
// its draft ignores the offer).
let watching = false;
function watchConnection() {
  const app = document.querySelector("[data-testid='stApp']");
  if (watching || !app) return;
  watching = true;
  let was = app.getAttribute("data-test-connection-state");
  new MutationObserver(() => {
    const now = app.getAttribute("data-test-connection-state");
    if (now === "CONNECTED" && was !== "CONNECTED") offerOnReconnect();
    was = now;
  }).observe(app, { attributes: true, attributeFilter: ["data-test-connection-state"] });
}

function offerOnReconnect() {
  try {
    const { store } = latest.data;
    const kept = JSON.parse(sessionStorage.getItem(store) || "null");
    if (latest.data.for && kept && kept.for === latest.data.for) {
      latest.setTriggerValue("restore", kept);
    }
  } catch (e) {
    // as in keep()
  }
}

function keep() {
  const { data, setTriggerValue } = latest;
  const { store } = data; // ui/answering.py DRAFT_STORE
  try {
    const kept = JSON.parse(sessionStorage.getItem(store) || "null");
    if (!data.for || (kept && kept.for !== data.for)) {
      sessionStorage.removeItem(store); // no form on screen, or another step's copy
    }
    if (!data.for || data.draft || data.refused) {
      clearTimeout(offers.timer);
      offers = { for: null, made: 0, timer: null };
      if (data.draft) {
        sessionStorage.setItem(store, JSON.stringify({ for: data.for, draft: data.draft }));
      } else if (data.refused) {
        sessionStorage.removeItem(store);
      }
      return;
    }
    if (!kept || kept.for !== data.for) return;
    if (offers.for !== data.for) offers = { for: data.for, made: 0, timer: null };
    if (offers.timer || offers.made >= OFFERS) return;
    offers.made += 1;
    setTriggerValue("restore", kept);
    offers.timer = setTimeout(() => {
      offers.timer = null;
      keep(); // still empty after a while: the offer's rerun did not come
    }, OFFER_AGAIN_MS);
  } catch (e) {
    // private mode, or storage full: the draft lives in the server's memory only
  }
}
