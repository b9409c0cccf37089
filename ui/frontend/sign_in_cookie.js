// Hands a new sign-in's token to the server's route, which sets the HttpOnly cookie, or
// asks it to delete the cookie after signing out (ui/roles.py). Runs inside a function with
// `cfg` in scope (ui/frontend.py): { route, token }.
const route = new URL(cfg.route, document.baseURI);
fetch(route, { method: "POST", body: cfg.token || "", credentials: "same-origin" })
  .catch(() => {}); // the next page run hands it over again
