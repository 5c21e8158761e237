// The read-only banner: a GOV.UK notification banner above every screen while the open
// workspace cannot be changed (the file or its folder cannot be written, another Accord
// has it open, or it was opened read-only). The sentence comes from the app.

import { call } from "./api.js";
import { h } from "./dom.js";

/** Shows the banner when the workspace now open is read-only, and removes it otherwise. */
export async function showReadOnly(open) {
  document.getElementById("read-only-banner")?.remove();
  if (!open) return;
  let why = null;
  try { why = await call("workspace_read_only"); } catch { why = null; }
  if (!why) return;
  document.getElementById("read-only-banner")?.remove();
  document.getElementById("main-content").before(h("div", {
    class: "govuk-notification-banner", role: "region", "aria-labelledby": "read-only-title", id: "read-only-banner",
  },
  h("div", { class: "govuk-notification-banner__header" },
    h("h2", { class: "govuk-notification-banner__title", id: "read-only-title", text: "Read-only" })),
  h("div", { class: "govuk-notification-banner__content" },
    h("p", { class: "govuk-notification-banner__heading", text: why }))));
}
