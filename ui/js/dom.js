// Building the page. Text always goes in as text nodes: nothing a user typed is ever
// parsed as HTML, so `<script>` in a title is shown, not run.

/** Creates an element. `attrs` keys: class, text, on:{event: fn}, dataset:{}, or any attribute. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "text") el.textContent = value;
    else if (key === "on") for (const [ev, fn] of Object.entries(value)) el.addEventListener(ev, fn);
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key === "value") el.value = value;
    else if (key === "checked" || key === "selected" || key === "disabled" || key === "hidden") el[key] = Boolean(value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** A GOV.UK tag coloured by meaning. */
export function tag(text, colour) {
  return h("strong", { class: `govuk-tag${colour ? ` govuk-tag--${colour}` : ""}`, text });
}

export const statusColour = {
  draft: "grey", in_review: "yellow", agreed: "green", superseded: "purple", empty: "red",
  proposed: "blue", accepted: "green", rejected: "red", deprecated: "grey",
  ready: "turquoise", handed_over: "green", error: "red", warning: "orange", info: "blue",
  active: "green", paused: "yellow", closed: "grey",
};

export const words = (s) => String(s ?? "").replaceAll("_", " ");

/** A labelled field inside a GOV.UK form group. `kind`: input, textarea, select, date. */
export function field({ id, label, hint, kind = "input", value = "", options = [], rows = 5, width, type = "text", attrs = {} }) {
  const hintId = hint ? `${id}-hint` : undefined;
  let control;
  if (kind === "textarea") {
    control = h("textarea", { class: "govuk-textarea", id, name: id, rows, "aria-describedby": hintId, ...attrs });
    control.value = value ?? "";
  } else if (kind === "select") {
    control = h("select", { class: "govuk-select", id, name: id, "aria-describedby": hintId, ...attrs },
      options.map(([v, text]) => h("option", { value: v, selected: v === value, text })));
  } else {
    const cls = `govuk-input${width ? ` govuk-input--width-${width}` : ""}`;
    control = h("input", { class: cls, id, name: id, type, value: value ?? "", "aria-describedby": hintId, autocomplete: "off", spellcheck: type === "text" ? "true" : undefined, ...attrs });
  }
  const group = h("div", { class: "govuk-form-group", id: `${id}-group` },
    h("label", { class: "govuk-label govuk-label--s", for: id, text: label }),
    hint ? h("div", { class: "govuk-hint", id: hintId, text: hint }) : null,
    h("p", { class: "govuk-error-message", id: `${id}-error`, hidden: true }),
    control);
  return { group, control };
}

export function checkbox({ id, label, checked, hint }) {
  const input = h("input", { class: "govuk-checkboxes__input", id, name: id, type: "checkbox", checked, "aria-describedby": hint ? `${id}-hint` : undefined });
  const group = h("div", { class: "govuk-form-group", id: `${id}-group` },
    h("p", { class: "govuk-error-message", id: `${id}-error`, hidden: true }),
    h("div", { class: "govuk-checkboxes govuk-checkboxes--small" },
      h("div", { class: "govuk-checkboxes__item" }, input,
        h("label", { class: "govuk-label govuk-checkboxes__label", for: id, text: label }),
        hint ? h("div", { class: "govuk-hint govuk-checkboxes__hint", id: `${id}-hint`, text: hint }) : null)));
  return { group, control: input };
}

/**
 * A GOV.UK button. With `submit`, it is its form's submit button (Enter in the form
 * presses it) and `onClick` may be null: the form's submit handler does the work.
 */
export function button(text, onClick, { secondary = false, warning = false, id, small = false, submit = false } = {}) {
  const cls = ["govuk-button", secondary && "govuk-button--secondary", warning && "govuk-button--warning", small && "accord-button--small"].filter(Boolean).join(" ");
  return h("button", { class: cls, type: submit ? "submit" : "button", id, "data-module": "govuk-button", on: onClick ? { click: onClick } : {}, text });
}

/**
 * A form: Enter in a field, or its submit button, runs `onSubmit` (the page never
 * navigates). `attrs` as for `h`.
 */
export function form(attrs, onSubmit, ...children) {
  const el = h("form", { novalidate: true, ...attrs }, ...children);
  el.addEventListener("submit", (e) => { e.preventDefault(); onSubmit(e); });
  return el;
}

export function summaryList(rows) {
  return h("dl", { class: "govuk-summary-list" }, rows.filter(Boolean).map(([key, value]) =>
    h("div", { class: "govuk-summary-list__row" },
      h("dt", { class: "govuk-summary-list__key", text: key }),
      h("dd", { class: "govuk-summary-list__value" }, value))));
}

export function table({ caption, head, rows, id, className = "" }) {
  return h("table", { class: `govuk-table ${className}`, id },
    caption ? h("caption", { class: "govuk-table__caption govuk-table__caption--m", text: caption }) : null,
    h("thead", { class: "govuk-table__head" }, h("tr", { class: "govuk-table__row" },
      head.map((t) => h("th", { scope: "col", class: "govuk-table__header", text: t })))),
    h("tbody", { class: "govuk-table__body" }, rows));
}

export function heading(text, caption) {
  const h1 = h("h1", { class: "govuk-heading-l", text });
  return caption ? [h("span", { class: "govuk-caption-l", text: caption }), h1] : [h1];
}
