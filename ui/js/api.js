// Talking to Accord's Rust side, and showing what happened: saving status, errors at the
// top of the form (GOV.UK error summary) and beside the field they concern. The closed
// lists of words (phases, statuses, roles...) come from the Rust side too, once.

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

let words = null;

/**
 * Every closed list of words the page offers or shows (phases, statuses, roles, RACI
 * letters...), as the domain declares them: `{ phases: [{ word, label }], ... }`. Asked
 * for once (accord-app's `vocabulary`) and kept; the page has no copy of its own.
 */
export function vocabulary() {
  words ??= call("vocabulary").catch((e) => { words = null; throw e; });
  return words;
}

/** A closed list as a select's options: [word, label] pairs. */
export const choices = (list) => list.map((w) => [w.word, w.label]);

/** How `word` of a closed list is shown (the word itself if the list lacks it). */
export const labelOf = (list, word) => list.find((w) => w.word === word)?.label ?? word;

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

/**
 * Shows `error` at the top of `container`, and beside the field with id `fieldId`. The
 * summary takes the focus (as after pressing a button) unless `focus` is false.
 */
export function showError(container, error, fieldId, { focus = true } = {}) {
  const box = summaryFor(container);
  const list = box.querySelector("ul");
  const target = fieldId && document.getElementById(fieldId) ? `#${fieldId}` : null;
  const key = fieldId || error.code;
  // The same problem again (a retried save) is left as it is, so it is not announced again.
  const same = [...list.children].find((li) => li.dataset.key === key && li.textContent === error.message);
  for (const li of [...list.children]) if (li.dataset.key === key && li !== same) li.remove();
  if (!same) list.append(h("li", { dataset: { key } }, target
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
  if (focus) box.focus();
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
 * Saves `control` as it is edited: shortly after typing stops, at least every
 * `maxWait` ms while typing goes on without a pause, and at once when it loses focus.
 * `save(value)` returns a promise. There is no Save button to forget.
 *
 * A save that fails keeps the text in the field, with the error beside it and in the
 * summary, and is tried again (after 1, 2, 4 and 8 seconds, then every 10, and on every further
 * edit) until it works. Until then the field counts as unsaved: leaving the screen asks
 * first (`mayLeave`) and `act` refuses to do anything.
 *
 * Returns the field's flush: it saves now and resolves to true once the text is saved,
 * false if it could not be (never rejects: the error is already on screen).
 */
export function autosave(container, control, save, { delay = 600, maxWait = 1500 } = {}) {
  const f = { container, control, save, saved: valueOf(control), error: null, errorId: null, attempt: 0, chain: Promise.resolve(true), soon: null, most: null, retry: null };
  f.flush = () => flushField(f);
  control.addEventListener("input", () => {
    clearTimeout(f.soon);
    clearTimeout(f.retry);
    f.retry = null;
    status("Editing…");
    f.soon = setTimeout(f.flush, delay);
    if (!f.most) f.most = setTimeout(f.flush, maxWait);
  });
  control.addEventListener("change", f.flush);
  control.addEventListener("blur", f.flush);
  fields.add(f);
  return f.flush;
}

function valueOf(control) {
  return control.type === "checkbox" ? (control.checked ? "true" : "false") : control.value;
}

/** Every autosaving field on the page. One place knows what is not saved yet. */
const fields = new Set();

function flushField(f) {
  for (const t of ["soon", "most", "retry"]) { clearTimeout(f[t]); f[t] = null; }
  f.chain = f.chain.then(async () => {
    const value = valueOf(f.control);
    if (value === f.saved && !f.error) return true;
    status("Saving…");
    f.control.dataset.saving = "";
    try {
      if (value !== f.saved) await f.save(value);
      f.saved = value;
      f.error = null;
      f.attempt = 0;
      clearError(f.container, f.errorId ?? f.control.id);
      f.errorId = null;
      settled();
      return true;
    } catch (e) {
      f.error = e;
      const id = e.field === undefined ? f.control.id : document.getElementById(e.field) ? e.field : f.control.id;
      if (f.errorId && f.errorId !== id) clearError(f.container, f.errorId);
      f.errorId = id;
      // The person may be typing elsewhere: the error is announced (role=alert), focus stays put.
      showError(f.container, e, id, { focus: false });
      const wait = Math.min(10000, 1000 * 2 ** f.attempt++);
      f.retry = setTimeout(f.flush, wait);
      return false;
    } finally {
      delete f.control.dataset.saving;
    }
  });
  return f.chain;
}

/** Fields whose text is not saved: being typed, being saved, or refused. */
function unsaved() {
  return [...fields].filter((f) => f.error || valueOf(f.control) !== f.saved);
}

/** True while any field's text is not saved yet (being typed, being saved, or refused). */
export function hasUnsaved() {
  return unsaved().length > 0;
}

/** After a save: says so, and clears what the page said while something was not saved. */
function settled() {
  if (unsaved().length) return;
  saved();
  for (const box of document.querySelectorAll(".govuk-error-summary")) if (box.parentElement) clearError(box.parentElement, "unsaved");
  closeWarned = false;
}

/** Saves every field now. Resolves to the fields that could not be saved (empty when all were). */
export async function saveEverything() {
  // A field no longer on the page, with nothing to save, is forgotten.
  for (const f of fields) if (!f.control.isConnected && !f.error && valueOf(f.control) === f.saved) fields.delete(f);
  await Promise.all([...fields].map((f) => f.flush()));
  return unsaved();
}

/**
 * Before the screen is left: saves everything; when something cannot be saved, asks
 * whether to stay (keeping the text) or discard it. Resolves to true when the screen may
 * go, having forgotten its fields.
 */
export async function mayLeave() {
  const left = await saveEverything();
  if (left.length && !(await ask(left, "leave"))) return false;
  for (const f of fields) clearTimeout(f.retry);
  fields.clear();
  return true;
}

let closeWarned = false;

/**
 * The window is closing (the shell asks, `ask` is its request number): saves
 * everything and answers. When something cannot be saved the window stays open with the
 * text and the question; asked again after that, the answer is to close.
 */
export async function closing(askNumber) {
  if (!closeWarned) {
    const left = await saveEverything();
    if (left.length) {
      closeWarned = true;
      call("answer_close", { ask: askNumber, close: false }).catch(() => {});
      if (!(await ask(left, "close"))) return;
    }
  }
  await call("answer_close", { ask: askNumber, close: true }).catch(() => {});
}

/** The question on screen, if any: answering it (false) takes it away. */
let asking = null;

/** The question when leaving would lose text: resolves to true to discard it. */
function ask(left, why) {
  const names = left.map((f) => document.querySelector(`label[for="${f.control.id}"]`)?.textContent || f.control.id);
  asking?.(false);
  return new Promise((resolve) => {
    const answer = (discard) => {
      if (asking !== answer) return;
      asking = null;
      dialog.close();
      dialog.remove();
      if (!discard && left[0].control.isConnected) left[0].control.focus();
      resolve(discard);
    };
    asking = answer;
    const stay = h("button", { class: "govuk-button", type: "button", id: "unsaved-stay", on: { click: () => answer(false) } },
      "Stay and keep my changes");
    const discard = h("button", { class: "govuk-button govuk-button--warning", type: "button", id: "unsaved-discard", on: { click: () => answer(true) } },
      why === "close" ? "Close without saving" : "Discard my changes and leave");
    const dialog = h("dialog", { class: "accord-dialog", id: "unsaved-question", "aria-labelledby": "unsaved-title", "aria-describedby": "unsaved-body" },
      h("h2", { class: "govuk-heading-m", id: "unsaved-title", text: why === "close" ? "Your changes could not be saved, so Accord is still open" : "Your changes are not saved yet" }),
      h("div", { id: "unsaved-body" },
        h("p", { class: "govuk-body", text: `Accord could not save ${left.length === 1 ? "this field" : "these fields"}: ${names.join(", ")}.` }),
        h("p", { class: "govuk-body", text: `${left[0].error?.message ?? "It is still being saved."}` }),
        h("p", { class: "govuk-body", text: why === "close"
          ? "Your text is still on the page, and Accord keeps trying to save it. If you close without saving, what you typed since the last save is lost. Closing the window again also closes without saving."
          : "Your text is still on the page, and Accord keeps trying to save it. If you leave, what you typed since the last save is lost." })),
      h("div", { class: "govuk-button-group" }, stay, discard));
    // Escape means stay.
    dialog.addEventListener("cancel", (e) => { e.preventDefault(); answer(false); });
    document.body.append(dialog);
    dialog.showModal();
    stay.focus();
  });
}

/** Runs an action from a button, showing any error at the top of `container`. */
export async function act(container, fn, fieldId) {
  // Nothing is done while typed text is not saved: an action may lock the record, or
  // redraw the screen, with the previous text.
  const left = await saveEverything();
  if (left.length) {
    showError(container, { code: "unsaved", message: "That was not done, because your changes are not saved yet. Accord keeps trying to save them." }, "unsaved");
    return undefined;
  }
  try {
    status("Saving…");
    const out = await fn();
    saved();
    return out;
  } catch (e) {
    refused(container, e, fieldId);
    return undefined;
  }
}

/**
 * Runs a request that changes nothing typed on the page (one to the Pipeline server)
 * from `btn`: the button is busy meanwhile, and an error is shown as `act` shows it.
 * Resolves to the result, or undefined when it was refused.
 */
export async function request(container, btn, fn, fieldId) {
  clearErrors(container);
  btn.disabled = true;
  btn.setAttribute("aria-disabled", "true");
  status("Talking to the Pipeline server…");
  try {
    const out = await fn();
    status("Done.");
    return out;
  } catch (e) {
    refused(container, e, fieldId);
    status("Not done: see the problem at the top of the page.");
    return undefined;
  } finally {
    btn.disabled = false;
    btn.removeAttribute("aria-disabled");
  }
}

/** Shows why a command was refused: beside the field it names when that is on the page, else beside `fieldId`. */
function refused(container, e, fieldId) {
  showError(container, e, e.field && document.getElementById(e.field) ? e.field : fieldId);
}
