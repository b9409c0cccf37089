// Runs first, in the <head> of every page the app serves (ui/history.py), before the
// page draws anything: it keeps the app to one entry in the browser's history as far as
// a quick exit is concerned. Plain code with no configuration.
//
// A phone that opened the bare address and then the group's link has two entries of the
// app in a row; a quick exit replaces only the one on screen, and Back would show the
// other. So each entry is marked with how many app entries lead up to it (its depth), and
// the quick exit (phone.js) first goes back to the earliest of them and replaces that one.
// On arriving there, and on any later Back or Forward onto an entry of the app, this
// script leaves for the neutral site again before anything is drawn.
(() => {
  const LEAVING = "gs-leaving";  // the neutral site, while a quick exit is under way
  const LAST = "gs-history";  // { length, depth } at this tab's last page of the app
  let traversal = false;
  try {
    const navigation = performance.getEntriesByType("navigation")[0];
    traversal = navigation !== undefined && navigation.type === "back_forward";
  } catch (e) { /* an old browser: treated as a fresh visit */ }
  const leave = () => {
    const to = sessionStorage.getItem(LEAVING);
    if (!to) return false;
    document.documentElement.style.visibility = "hidden";
    location.replace(to);
    return true;
  };
  try {
    if (traversal && leave()) return;
    if (!traversal) sessionStorage.removeItem(LEAVING);  // opened on purpose: a fresh start
    window.addEventListener("pageshow", (event) => { if (event.persisted) leave(); });
    const state = history.state && typeof history.state === "object" ? history.state : {};
    if (!state.gsDepth) {  // a new entry: right on top of one of the app's, or not
      const last = JSON.parse(sessionStorage.getItem(LAST) || "null");
      const onTop = last !== null && history.length === last.length + 1;
      history.replaceState({ ...state, gsDepth: onTop ? last.depth + 1 : 1 }, "");
    }
    sessionStorage.setItem(LAST, JSON.stringify({ length: history.length, depth: history.state.gsDepth }));
  } catch (e) { /* storage refused (private mode): one entry at a time, as before */ }
})();
