// Sync, always in view: the line under the navigation ("Last synced 10:41 today · 5
// changes not yet sent · 3 conflicts"), "Sync now", and the notification banner with what
// a sync did. Sync runs on Accord's Rust side off the window's thread, so typing and
// saving carry on meanwhile; what arrives is shown by app.js's redraw, which waits until
// nothing is unsaved and no field has the focus.

import { call, saveEverything, status } from "./api.js";
import { button, clear, h } from "./dom.js";
import { catchUp } from "./app.js";

let running = false;

/** Draws the sync line from the file (no network). Hidden while no workspace is open. */
export async function refreshSync(open) {
  const bar = document.getElementById("sync-bar");
  if (!bar) return;
  if (!open) { bar.hidden = true; clear(document.getElementById("sync-banner")); return; }
  let v;
  try { v = await call("sync_status"); } catch { bar.hidden = true; return; }
  bar.hidden = false;
  const line = document.getElementById("sync-line");
  const text = v.shared ? v.line : "Not shared: only this file holds this workspace.";
  if (line.dataset.text !== text) {
    line.dataset.text = text;
    clear(line).append(text);
    if (v.open_conflicts > 0) line.append(" ", h("a", { class: "govuk-link", href: "#/conflicts", id: "sync-conflicts-link", text: "Settle conflicts" }));
  }
  line.dataset.unsent = String(v.unsent);
  line.dataset.conflicts = String(v.open_conflicts);
  const actions = document.getElementById("sync-actions");
  const want = v.read_only ? "none" : v.shared ? "sync" : "share";
  if (actions.dataset.shows !== want) {
    actions.dataset.shows = want;
    clear(actions);
    if (want === "sync") actions.append(button("Sync now", () => syncNow(), { secondary: true, small: true, id: "sync-now" }));
    if (want === "share") actions.append(h("a", { class: "govuk-link", href: "#/sync", id: "offer-share", text: "Share this workspace with partner councils" }));
  }
}

/** Shows a GOV.UK notification banner: `success` for a finished sync, else important. */
export function banner({ success, heading, lines, id = "sync-result" }) {
  const box = document.getElementById("sync-banner");
  const title = `${id}-title`;
  const el = h("div", { class: `govuk-notification-banner${success ? " govuk-notification-banner--success" : ""}`, role: "alert", "aria-labelledby": title, "data-module": "govuk-notification-banner", id, tabindex: "-1" },
    h("div", { class: "govuk-notification-banner__header" },
      h("h2", { class: "govuk-notification-banner__title", id: title, text: success ? "Success" : "Important" })),
    h("div", { class: "govuk-notification-banner__content" },
      h("p", { class: "govuk-notification-banner__heading", text: heading }),
      lines.length ? h("ul", { class: "govuk-list" }, lines.map((l) => h("li", { text: l }))) : null,
      h("p", { class: "govuk-body" }, h("a", { class: "govuk-link", href: "#", text: "Dismiss", on: { click: (e) => { e.preventDefault(); clear(box); } } }))));
  clear(box).append(el);
  return el;
}

/** "Sync now": the button is busy meanwhile; the result is a banner. Never blocks typing. */
export async function syncNow(command = "sync_now") {
  if (running) return undefined;
  running = true;
  const btn = document.getElementById("sync-now");
  if (btn) { btn.disabled = true; btn.setAttribute("aria-disabled", "true"); btn.textContent = "Syncing…"; }
  let out;
  try {
    // What is typed is saved first, so it goes with this sync (a field that cannot be
    // saved keeps its text and its error; everything saved goes).
    await saveEverything();
    status("Syncing with the Pipeline server… you can carry on working.");
    out = await call(command);
    banner({ success: true, heading: out.heading, lines: out.lines });
    status("Synced.");
  } catch (e) {
    banner({ success: false, heading: "Not synced", lines: [e.message || String(e)] });
    status("Not synced: see the message at the top of the page.");
  } finally {
    running = false;
    const b = document.getElementById("sync-now");
    if (b) { b.disabled = false; b.removeAttribute("aria-disabled"); b.textContent = "Sync now"; }
  }
  await refreshSync(true);
  // Show what arrived now (unless a field is being typed in), then count the sync done:
  // after this, nothing it wrote redraws the screen again.
  await catchUp();
  document.body.dataset.syncs = String(Number(document.body.dataset.syncs || 0) + 1);
  return out;
}

/** The open conflicts by the record they are on ("section/purpose", "raci_cell/A/P"). */
export async function conflictsByRecord() {
  const map = new Map();
  try {
    for (const c of await call("conflicts")) {
      if (!map.has(c.record)) map.set(c.record, []);
      map.get(c.record).push(c);
    }
  } catch {
    // No workspace, or it cannot be read: the screen shows its own problem.
  }
  return map;
}

/** A "Conflict" tag linking to the conflict's page. */
export function conflictTag(c) {
  return h("a", { class: "govuk-link accord-conflict-tag", href: `#/conflicts/${c.id}`, dataset: { conflict: c.id } },
    h("strong", { class: "govuk-tag govuk-tag--red", text: "Conflict" }),
    h("span", { class: "govuk-visually-hidden", text: `: ${c.label}. Settle it` }));
}
