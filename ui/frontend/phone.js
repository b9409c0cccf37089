// What every participant screen carries besides its content (ui/phone.py): the token
// cookie, the quick exit and the "no connection" notice. Plain browser code, so it works
// when the server cannot be reached. Runs inside a function with `cfg` in scope
// (ui/frontend.py); see phone.shell for its fields.
const secure = location.protocol === "https:" ? "; Secure" : "";
const setCookie = (value, maxAge) => {
  document.cookie = `${cfg.cookie}=${value}; Path=/; Max-Age=${maxAge}; SameSite=Strict${secure}`;
};
if (cfg.remember) setCookie(cfg.remember, cfg.maxAge);
if (cfg.forget) setCookie("", 0);
if (cfg.wipeNotes) {  // the session is over for this tab: its private notes go too
  try {
    for (const key of Object.keys(sessionStorage)) {
      if (key.startsWith(cfg.notesPrefix)) sessionStorage.removeItem(key);
    }
    sessionStorage.removeItem(cfg.draftKey);  // and an unsent answer's copy (draft.js)
  } catch (e) { /* private mode: nothing was kept */ }
}
// The join link's code has done its work; the address bar need not show it.
if (cfg.cleanUrl && location.search) history.replaceState(history.state, "", location.pathname);

const phone = window.__groepssessiePhone || (window.__groepssessiePhone = build());
phone.configure(cfg);

function build() {
  let current = cfg;
  const timers = [];  // this script's own timers (a test stops all others)
  const exit = document.createElement("button");
  exit.type = "button";
  exit.id = "gs-quick-exit";
  const leave = (event) => {
    if (!event.target.closest || !event.target.closest("#gs-quick-exit")) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    exitNow();
  };
  const exitNow = () => {
    // The room's phone count drops at once (serve.py's api/left); nothing waits for it.
    const kept = document.cookie.split("; ").find((c) => c.startsWith(`${current.cookie}=`));
    const token = kept ? kept.slice(current.cookie.length + 1) : "";
    if (token && navigator.sendBeacon) {
      try {
        navigator.sendBeacon(new URL("api/left", document.baseURI), token);
      } catch (e) {
        // leaving matters more than the count: the page goes on regardless
      }
    }
    document.cookie = `${current.cookie}=; Path=/; Max-Age=0; SameSite=Strict${secure}`;
    // How many entries of the app lead up to this one (history.js marks them).
    const depth = (history.state && history.state.gsDepth) || 1;
    try {
      sessionStorage.clear();
      localStorage.clear();
      // For history.js on the earlier entries: leave again, before anything is drawn.
      sessionStorage.setItem("gs-leaving", current.exitUrl);
    } catch (e) { /* private mode */ }
    document.body.replaceChildren();  // nothing stays on screen while the next site loads
    // Replace, so that the back button cannot return here; from the earliest entry of the
    // app when there are several in a row (the bare address, then the group's link).
    if (depth > 1) history.go(-(depth - 1));
    else location.replace(current.exitUrl);
  };
  // On the window, in the capture phase: before anything else on the page can see the
  // tap. A modal dialog (Streamlit's, while the connection is down) swallows pointer
  // events outside itself, which would otherwise leave the quick exit dead.
  window.addEventListener("pointerup", leave, true);
  window.addEventListener("click", leave, true);  // keyboard: Enter or Space
  // On a laptop, the convention of GOV.UK's "Exit this page": Shift pressed three times
  // within 5 seconds. Only a Shift pressed on its own counts, so that typing capitals in
  // the facts list never adds up to leaving (and wiping it).
  let shifts = [];
  let shiftAlone = false;
  window.addEventListener("keydown", (event) => {
    shiftAlone = event.key === "Shift" && !event.repeat;
    if (event.key !== "Shift") shifts = [];
  }, true);
  window.addEventListener("keyup", (event) => {
    if (event.key !== "Shift" || !shiftAlone) return;
    shiftAlone = false;
    const now = Date.now();
    shifts = [...shifts.filter((at) => now - at < 5000), now];
    if (shifts.length >= 3) exitNow();
  }, true);
  const notice = document.createElement("div");
  notice.id = "gs-offline";
  notice.setAttribute("role", "alert");
  notice.hidden = true;
  // What a screen reader should hear after a send ("received", or why not): a live region
  // that is there from the start, because one that appears together with its text (as
  // Streamlit's message does, in place of the form) is often not announced at all.
  const announcer = document.createElement("div");
  announcer.id = "gs-announce";
  announcer.setAttribute("role", "status");
  announcer.className = "gs-visually-hidden";
  document.body.append(exit, notice, announcer);

  // Streamlit's own "Connection error" dialog is English and modal: it marks the rest of
  // the page inert, which would disable the quick exit exactly when it may be needed. On
  // phones it is hidden in favour of our notice, and our two elements stay usable. Other
  // dialogs (such as "Page not found") are left alone.
  let streamlitGaveUp = false;
  const hideConnectionDialog = () => {
    streamlitGaveUp = false;
    for (const dialog of document.querySelectorAll('[data-testid="stDialog"]')) {
      if (/Connection error|not responding/i.test(dialog.textContent)) {
        dialog.style.display = "none";
        streamlitGaveUp = true;
      }
    }
  };
  new MutationObserver(hideConnectionDialog).observe(document.body, { childList: true });

  // The join code field behaves as a code field: the keyboard starts in capitals and
  // nothing "corrects" or underlines the code. Streamlit has no parameters for these, and
  // redraws the field, so they are set again whenever it appears.
  const CODE_FIELD = {
    autocapitalize: "characters",
    autocorrect: "off",
    spellcheck: "false",
    inputmode: "text",
    enterkeyhint: "go",
  };
  const markCodeField = () => {
    const field = document.querySelector(".st-key-join-code input");
    if (!field || field.dataset.gsCode) return;
    for (const [name, value] of Object.entries(CODE_FIELD)) field.setAttribute(name, value);
    field.dataset.gsCode = "1";
  };
  // A choose-any question is one group of toggle buttons, named by the question: Streamlit
  // calls it a "toolbar", which a screen reader announces as a row of tools.
  const markQuestionGroups = () => {
    for (const group of document.querySelectorAll('[data-testid="stButtonGroup"] [role="toolbar"]')) {
      group.setAttribute("role", "group");
      group.removeAttribute("aria-orientation");  // a toolbar's, not allowed on a group
    }
  };
  // A new screen (its title changed: the next step, help, privacy, the notes) starts at
  // its top. The phone kept the scroll of the screen before: after "Terug" at the foot of
  // the privacy text, or a question sent from the box at the foot of a step, the next
  // question opened scrolled past itself, its send button out of sight. The same screen
  // drawn again (news while someone types in the box) stays where it is, and so does a
  // page that someone touched, typed on or scrolled within the last second: moved then,
  // a tap on its way lands on whatever slid under the finger.
  let title = null;
  let actedAt = 0;
  const acted = () => { actedAt = Date.now(); };
  for (const kind of ["pointerdown", "touchstart", "keydown", "wheel", "scroll"]) {
    document.addEventListener(kind, acted, { capture: true, passive: true });
  }
  const toTopOnNewScreen = () => {
    const heading = document.querySelector(
      '[data-testid="stMain"] h1, [data-testid="stMain"] h2, [data-testid="stMain"] h3');
    const now = heading ? heading.textContent : null;
    if (now === null || now === title) return;
    const before = title;
    title = now;
    if (before === null) return;  // the page's first screen: where the browser put it
    if (Date.now() - actedAt < 1000) return;
    const main = document.querySelector('[data-testid="stMain"]');
    if (main) main.scrollTo(0, 0);
    window.scrollTo(0, 0);
  };
  const markFields = () => { markCodeField(); markQuestionGroups(); toTopOnNewScreen(); };
  markFields();
  new MutationObserver(markFields).observe(document.body, { childList: true, subtree: true });
  const keepUsable = new MutationObserver(() => {
    for (const element of [exit, notice, announcer]) {
      if (element.inert) element.inert = false;
      if (element.hasAttribute("aria-hidden")) element.removeAttribute("aria-hidden");
    }
  });
  for (const element of [exit, notice, announcer]) {
    keepUsable.observe(element, { attributes: true, attributeFilter: ["inert", "aria-hidden"] });
  }

  // Down: the phone is offline, Streamlit has given up for now (its dialog), or the
  // server's health check fails. Checked only while the page is on screen.
  let healthy = true;
  const health = new URL("_stcore/health", document.baseURI);
  let downSince = null;
  const showWhetherDown = () => {
    hideConnectionDialog();
    const down = !navigator.onLine || !healthy || streamlitGaveUp
      || document.querySelector('[data-testid="stConnectionStatus"]') !== null;
    downSince = down ? (downSince ?? Date.now()) : null;
    const show = downSince !== null && Date.now() - downSince > 1000;
    if (notice.hidden === show) {
      notice.hidden = !show;
      document.body.classList.toggle("gs-offline", show);
    }
  };
  const checkHealth = async () => {
    if (document.visibilityState !== "visible") return;
    try {
      const reply = await fetch(health, { cache: "no-store", signal: AbortSignal.timeout(2500) });
      healthy = reply.ok;
    } catch (e) {
      healthy = false;
    }
    showWhetherDown();
  };
  timers.push(setInterval(checkHealth, 3000));
  // Back online: ask at once. The last check failed while offline; waiting up to 3 s for
  // the next one kept the notice up, and the watchdog from catching up, that long.
  window.addEventListener("online", checkHealth);
  timers.push(setInterval(showWhetherDown, 500));

  return {
    timers,
    configure(next) {
      current = next;
      // Emptied first, then filled: the same words after a second send are heard again.
      announcer.textContent = "";
      if (next.announce) timers.push(setTimeout(() => { announcer.textContent = next.announce; }, 150));
      exit.textContent = next.exitLabel;
      exit.setAttribute("aria-label", next.exitDescription);
      notice.textContent = next.offline;
    },
  };
}
