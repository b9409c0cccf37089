// A components-v2 component (ui/screen.py): tells the server how large the projector's
// screen is, so that charts, drawn on the server, get type that grows with the screen and
// the height the step has for them. It reports the scale of the screen's largest 16:9 box
// against 1920×1080 (in steps of 0.05) and the height of the step's row in design pixels
// (in steps of 10), again whenever either changes (a resize, the join strip coming or going).
// Streamlit calls the function again with new data without calling the previous cleanup,
// and the module is loaded once per page: one reporter for the page.
let active = null;

export default function ({ setStateValue, data }) {
  if (active) active();
  const sent = { scale: data ? data.scale : null, room: data ? data.room : null };
  const report = () => {
    const exact = Math.min(innerWidth / 1920, innerHeight / 1080);
    const scale = Math.round(exact * 20) / 20;
    const row = document.querySelector(".st-key-projector-row");
    const room = row ? Math.round(row.getBoundingClientRect().height / exact / 10) * 10 : null;
    if (scale > 0 && scale !== sent.scale) {
      sent.scale = scale;
      setStateValue("scale", scale);
    }
    if (room && room !== sent.room) {
      sent.room = room;
      setStateValue("room", room);
    }
  };
  let waiting = null;
  const soon = () => {
    clearTimeout(waiting);
    waiting = setTimeout(report, 200);
  };
  report();
  addEventListener("resize", soon);
  const timer = setInterval(report, 1000);
  const stop = () => {
    clearTimeout(waiting);
    clearInterval(timer);
    removeEventListener("resize", soon);
    if (active === stop) active = null;
  };
  active = stop;
  return stop;
}
