// Accord's page: a router over the screens. Each screen is a module exporting
// `render(main, params)`; every edit is saved as it is made, and a screen whose text is
// not saved is not left without asking (api.js `mayLeave`). Closing the window asks the
// page to save first (api.js `closing`).

import { call, closing, hasUnsaved, mayLeave, saveEverything, status, vocabulary } from "./api.js";
import { clear, h } from "./dom.js";
import { showReadOnly } from "./read-only.js";
import * as start from "./screens/start.js";
import * as overview from "./screens/overview.js";
import * as agreement from "./screens/agreement.js";
import * as raci from "./screens/raci.js";
import * as decisions from "./screens/decisions.js";
import * as handover from "./screens/handover.js";
import * as people from "./screens/people.js";
import * as records from "./screens/records.js";
import * as exporting from "./screens/export.js";
import * as importing from "./screens/import.js";
import * as signoffs from "./screens/signoffs.js";
import * as pipeline from "./screens/pipeline.js";
import * as sharing from "./screens/sync.js";
import * as conflicts from "./screens/conflicts.js";
import { refreshSync } from "./sync.js";

const screens = {
  start, overview, agreement, raci, decisions, handover, people, history: records, export: exporting, import: importing, signoffs, pipeline, sync: sharing, conflicts,
};

let workspaceOpen = false;

/** Marks a workspace open or closed: shows the navigation and its name. */
export function setWorkspace(path) {
  workspaceOpen = Boolean(path);
  document.getElementById("nav").hidden = !workspaceOpen;
  const name = path ? path.split(/[\\/]/).pop() : "";
  document.getElementById("workspace-name").textContent = name;
  document.title = name ? `${name} – Accord` : "Accord";
  showReadOnly(workspaceOpen);
  refreshSync(workspaceOpen);
}

export function go(route) {
  if (location.hash === route) route_();
  else location.hash = route;
}

/** The address of the screen on show, to go back to when leaving it is refused. */
let shown = null;

async function route_() {
  if (shown !== null && !(await mayLeave())) {
    // Stay: the address goes back to the screen still on show (no new history entry).
    history.replaceState(null, "", shown);
    return;
  }
  shown = location.hash || "#/start";
  const [, asked = "start", ...rest] = (location.hash || "#/start").split("/");
  // Only the start screen itself closes a workspace: an address that names no screen
  // shows the overview while one is open, and the start screen while none is.
  const name = !workspaceOpen ? "start" : screens[asked] ? asked : "overview";
  const screen = screens[name];
  const main = document.getElementById("main-content");
  for (const a of document.querySelectorAll(".govuk-service-navigation__link")) {
    const current = a.getAttribute("href") === `#/${name}`;
    a.parentElement.classList.toggle("govuk-service-navigation__item--active", current);
    if (current) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
  }
  clear(main);
  status("");
  try {
    await screen.render(main, rest.map(decodeURIComponent));
  } catch (e) {
    clear(main).append(h("h1", { class: "govuk-heading-l", text: "Sorry, there is a problem" }),
      h("p", { class: "govuk-body", text: e.message || String(e) }),
      h("p", { class: "govuk-body" }, h("a", { class: "govuk-link", href: "#/start", text: "Go back to the start" })));
  }
  main.focus({ preventScroll: true });
  window.scrollTo(0, 0);
  document.body.dataset.screen = name;
  document.body.dataset.ready = String(Date.now());
}

// Another program (the command line, or Accord on this laptop) may change the open
// workspace. Look every two seconds; show the change by drawing the screen again, but only
// when nothing on it is unsaved and no text field has the focus, so typing is never lost
// or interrupted. Until then the status line says a change is waiting.
let behind = false;
async function check() {
  if (!workspaceOpen || document.hidden) return;
  try {
    if (await call("changed_elsewhere")) behind = true;
  } catch {
    return;
  }
  refreshSync(true);
  if (!behind) return;
  const typing = document.activeElement?.matches?.("textarea, input:not([type]), input[type=text], input[type=email], input[type=date]");
  if (hasUnsaved() || typing || document.querySelector("dialog[open]")) {
    status("Another program has changed this workspace: the screen shows it when you leave the field you are in.");
    return;
  }
  behind = false;
  await route_(); // nothing is unsaved, so leaving the screen asks nothing

  const t = new Date();
  status(`Updated at ${String(t.getHours()).padStart(2, "0")}:${String(t.getMinutes()).padStart(2, "0")} with changes made by another program or a sync.`);
}

// One look at a time, in order: a look asked for while one runs waits for it, so a sync
// that has just finished (sync.js) is seen, and shown once, after everything it wrote.
let looking = Promise.resolve();
let queued = null;

/** Looks for changes made elsewhere now; resolves once the screen shows them (or says they wait). */
export function catchUp() {
  if (!queued) {
    queued = looking.then(() => { queued = null; return check(); }).catch(() => {});
    looking = queued;
  }
  return queued;
}

setInterval(catchUp, 2000);

window.addEventListener("hashchange", route_);
window.addEventListener("beforeunload", () => { saveEverything(); });
// The shell asks before the window closes (src-tauri/src/closing.rs).
window.__TAURI__?.event.listen("accord://close-requested", (e) => closing(e.payload)).catch((e) => console.error("Accord cannot hear the window closing", e));

(async () => {
  // The closed lists of words, asked for once now; a screen that needs them waits for them.
  vocabulary().catch((e) => console.error("Accord could not load its words", e));
  try {
    const info = await call("start");
    setWorkspace(info.open);
    if (info.open && (!location.hash || location.hash === "#/start")) location.hash = "#/overview";
  } catch (e) {
    // The start screen shows the problem.
  }
  await route_();
})();
