// Talking to Accord's Rust side, and showing what happened: saving status, errors at the
// top of the form (GOV.UK error summary) and beside the field they concern.

import { h, clear } from "./dom.js";

const tauri = window.__TAURI__;

/** Calls a command. Rejects with { code, message, field } from Rust. */
export async function call(command, args = {}) {
  if (!tauri) throw { code: "no_shell", message: "Accord's window is not running: open the Accord app rather than this page." };
  try {
    return await tauri.core.invoke(command, args);
  } catch (e) {
    if (e && typeof e === "object" && "message" in e) throw e;
    throw { code: "internal", message: String(e) };
  }
}

const statusEl = () => document.getElementById("save-status");

export function status(text) {
  const el = statusEl();
  if (el) el.textContent = text;
}

export function saved() {
  const t = new Date();
  status(`All changes saved at ${String(t.getHours()).padStart(2, "0")}:${String(t.getMinutes()).padStart(2, "0")}:${String(t.getSeconds()).padStart(2, "0")}`);
}

/** The error summary at the top of `container` (created on first use). */
function summaryFor(container) {
  let box = container.querySelector(":scope > .govuk-error-summary");
  if (!box) {
    box = h("div", { class: "govuk-error-summary", "data-module": "govuk-error-summary", tabindex: "-1", hidden: true },
      h("div", { role: "alert" },
        h("h2", { class: "govuk-error-summary__title", text: "There is a problem" }),
        h("div", { class: "govuk-error-summary__body" }, h("ul", { class: "govuk-list govuk-error-summary__list" }))));
    container.prepend(box);
  }
  return box;
}

/** Shows `error` at the top of `container`, and beside the field with id `fieldId`. */
export function showError(container, error, fieldId) {
  const box = summaryFor(container);
  const list = box.querySelector("ul");
  const target = fieldId && document.getElementById(fieldId) ? `#${fieldId}` : null;
  const key = fieldId || error.code;
  for (const li of [...list.children]) if (li.dataset.key === key) li.remove();
  list.append(h("li", { dataset: { key } }, target
    ? h("a", { href: target, text: error.message, on: { click: (e) => { e.preventDefault(); document.getElementById(fieldId)?.focus(); } } })
    : error.message));
  box.hidden = false;
  if (fieldId) {
    const group = document.getElementById(`${fieldId}-group`);
    const msg = document.getElementById(`${fieldId}-error`);
    if (group) group.classList.add("govuk-form-group--error");
    if (msg) { clear(msg).append(h("span", { class: "govuk-visually-hidden", text: "Error: " }), error.message); msg.hidden = false; }
    document.getElementById(fieldId)?.classList.add("accord-input--error");
  }
  status("Not saved: see the problem at the top of the page.");
  box.focus();
}

/** Clears the error shown for `fieldId` (and the summary when it has nothing left). */
export function clearError(container, fieldId) {
  const box = container.querySelector(":scope > .govuk-error-summary");
  if (box) {
    for (const li of [...box.querySelectorAll("li")]) if (li.dataset.key === fieldId) li.remove();
    if (!box.querySelector("li")) box.hidden = true;
  }
  document.getElementById(`${fieldId}-group`)?.classList.remove("govuk-form-group--error");
  const msg = document.getElementById(`${fieldId}-error`);
  if (msg) msg.hidden = true;
  document.getElementById(fieldId)?.classList.remove("accord-input--error");
}

/** Clears every error shown in `container`: its summary and each field's message. */
export function clearErrors(container) {
  const box = container.querySelector(":scope > .govuk-error-summary");
  if (box) { clear(box.querySelector("ul")); box.hidden = true; }
  for (const g of container.querySelectorAll(".govuk-form-group--error")) g.classList.remove("govuk-form-group--error");
  for (const m of container.querySelectorAll(".govuk-error-message")) m.hidden = true;
  for (const i of container.querySelectorAll(".accord-input--error")) i.classList.remove("accord-input--error");
}

/**
 * Saves `control` as it is edited: shortly after typing stops, and at once when it loses
 * focus. `save(value)` returns a promise. There is no Save button to forget.
 */
export function autosave(container, control, save, { delay = 600 } = {}) {
  let timer = null;
  let last = valueOf(control);
  let running = Promise.resolve();
  const flush = () => {
    clearTimeout(timer);
    timer = null;
    const value = valueOf(control);
    if (value === last) return running;
    last = value;
    status("Saving…");
    running = running.then(() => save(value)).then(
      () => { clearError(container, control.id); saved(); },
      (e) => { last = null; showError(container, e, e.field === undefined ? control.id : document.getElementById(e.field) ? e.field : control.id); },
    );
    control.dataset.saving = "";
    running.finally(() => delete control.dataset.saving);
    return running;
  };
  const soon = () => { clearTimeout(timer); status("Editing…"); timer = setTimeout(flush, delay); };
  control.addEventListener("input", soon);
  control.addEventListener("change", flush);
  control.addEventListener("blur", flush);
  pending.add(flush);
  return flush;
}

function valueOf(control) {
  return control.type === "checkbox" ? (control.checked ? "true" : "false") : control.value;
}

/** Every autosaving field's flush, so that leaving a screen saves what was typed first. */
const pending = new Set();

export async function saveEverything() {
  const all = [...pending];
  pending.clear();
  await Promise.all(all.map((f) => f()));
}

/** Runs an action from a button, showing any error at the top of `container`. */
export async function act(container, fn, fieldId) {
  try {
    status("Saving…");
    const out = await fn();
    saved();
    return out;
  } catch (e) {
    showError(container, e, e.field && document.getElementById(e.field) ? e.field : fieldId);
    return undefined;
  }
}
