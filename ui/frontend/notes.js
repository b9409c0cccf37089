// The private notepad (ui/phone.py private_notes): its text stays in this tab's
// sessionStorage and is never sent to the server. Runs inside a function with `cfg` in
// scope (ui/frontend.py): { id, fileName }.
const area = document.getElementById(cfg.id);
if (area && !area.dataset.ready) {
  area.dataset.ready = "1";
  area.value = sessionStorage.getItem(cfg.id) || "";
  area.addEventListener("input", () => sessionStorage.setItem(cfg.id, area.value));
  const box = area.closest(".gs-notes");
  box.querySelector('[data-action="download"]').addEventListener("click", () => {
    const file = new Blob([area.value], { type: "text/plain;charset=utf-8" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(file);
    link.download = cfg.fileName;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  });
  box.querySelector('[data-action="clear"]').addEventListener("click", () => {
    area.value = "";
    sessionStorage.removeItem(cfg.id);
    area.focus();
  });
}
