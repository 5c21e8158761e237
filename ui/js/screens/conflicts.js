// Conflicts: where two councils changed the same thing and Accord cannot choose for them.
// The list, and one page per conflict: the versions side by side (stacked when the window
// is narrow), each headed with who made it and when, the differences marked; then the
// choices valid for it. Settling one is saved like any edit and sent with the next sync.

import { act, call, clearErrors, showError } from "../api.js";
import { button, h, heading, tag } from "../dom.js";
import { go } from "../app.js";
import { refreshSync } from "../sync.js";

export async function render(main, [id]) {
  if (id) return one(main, id);
  const all = await call("conflicts");
  main.append(...heading("Conflicts", "Changes that met"));
  if (!all.length) {
    main.append(h("p", { class: "govuk-body", id: "no-conflicts", text: "No conflicts: every change that met was merged." }));
    return;
  }
  main.append(h("p", { class: "govuk-body", text: "Both councils changed each of these while apart. Until you choose, the workspace shows one version, and nothing is lost: every version is kept." }),
    h("ul", { class: "govuk-task-list", id: "conflict-list" }, all.map((c) => h("li", { class: "govuk-task-list__item govuk-task-list__item--with-link" },
      h("div", { class: "govuk-task-list__name-and-hint" },
        h("a", { class: "govuk-link govuk-task-list__link", href: `#/conflicts/${c.id}`, "aria-describedby": `${c.id}-status`, text: c.label }),
        h("div", { class: "govuk-task-list__hint", text: c.sides.map((s) => `${s.actor}, ${s.at}`).join(" and ") })),
      h("div", { class: "govuk-task-list__status", id: `${c.id}-status` }, tag("To settle", "blue"))))));
}

/** A version's text with what it added and removed marked (for screen readers too). */
function diffOf(side) {
  const pre = h("div", { class: "accord-diff", id: `side-${side.n}-text` });
  if (!side.diff.length) { pre.append(side.text); return pre; }
  for (const s of side.diff) {
    if (s.kind === "added") pre.append(h("ins", {}, h("span", { class: "govuk-visually-hidden", text: "added: " }), s.text));
    else if (s.kind === "removed") pre.append(h("del", {}, h("span", { class: "govuk-visually-hidden", text: "removed: " }), s.text));
    else pre.append(s.text);
  }
  return pre;
}

async function one(main, id) {
  const c = await call("conflict", { id });
  main.append(...heading(c.label, `Conflict ${c.id}`));
  if (c.link) main.append(h("p", { class: "govuk-body" }, h("a", { class: "govuk-link", href: c.link, text: "Go to where this is in the workspace" })));
  main.append(h("p", { class: "govuk-body", text: "Each version below is marked against the text both started from: what it added, and what it removed." }),
    h("div", { class: "accord-sides", id: "sides" }, c.sides.map((s) => h("section", { class: `accord-side${s.shown ? " accord-side--shown" : ""}`, "aria-labelledby": `side-${s.n}-title` },
      h("h2", { class: "govuk-heading-s", id: `side-${s.n}-title`, text: `Version ${s.n}: ${s.actor}, ${s.at}` }),
      s.shown ? h("p", { class: "govuk-body-s accord-muted", text: "The workspace shows this version until you choose." }) : null,
      diffOf(s)))));

  const form = h("form", { class: "accord-form", novalidate: true, id: "resolve-form" });
  const textarea = h("textarea", { class: "govuk-textarea", id: "combined", name: "combined", rows: 8, "aria-describedby": "combined-hint" });
  textarea.value = c.combined;
  const radios = c.choices.map((ch, i) => {
    const rid = i === 0 ? "choice" : `choice-${i + 1}`;
    const input = h("input", { class: "govuk-radios__input", id: rid, name: "choice", type: "radio", value: ch.value, dataset: { choice: ch.value } });
    const item = h("div", { class: "govuk-radios__item" }, input, h("label", { class: "govuk-label govuk-radios__label", for: rid, text: ch.label }));
    if (ch.value !== "text") return [item];
    input.setAttribute("aria-controls", "combined-reveal");
    const reveal = h("div", { class: "govuk-radios__conditional", id: "combined-reveal", hidden: true },
      h("div", { class: "govuk-form-group", id: "combined-group" },
        h("label", { class: "govuk-label", for: "combined", text: "Your combined version" }),
        h("div", { class: "govuk-hint", id: "combined-hint", text: "It starts as the version shown meanwhile: change it to keep what matters from each." }),
        textarea));
    return [item, reveal];
  }).flat();
  const sync = () => {
    const chosen = form.querySelector("input[name=choice]:checked");
    const reveal = form.querySelector("#combined-reveal");
    // (No aria-expanded on the radio: a radio may not carry it, WCAG 4.1.2; aria-controls
    // names what it reveals.)
    if (reveal) reveal.hidden = chosen?.value !== "text";
  };
  form.addEventListener("change", sync);
  form.append(h("div", { class: "govuk-form-group", id: "choice-group" },
    h("fieldset", { class: "govuk-fieldset" },
      h("legend", { class: "govuk-fieldset__legend govuk-fieldset__legend--m" }, h("h2", { class: "govuk-fieldset__heading", text: "Which version should the workspace keep?" })),
      h("p", { class: "govuk-error-message", id: "choice-error", hidden: true }),
      h("div", { class: "govuk-radios", "data-module": "govuk-radios" }, radios))),
    button("Save this choice", null, { id: "resolve", submit: true }));
  sync();
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearErrors(form);
    const chosen = form.querySelector("input[name=choice]:checked");
    if (!chosen) {
      showError(form, { code: "choose", message: "Choose which version to keep, or write a combined version." }, "choice");
      return;
    }
    const out = await act(form, () => call("resolve_conflict", { id: c.id, choice: chosen.value, text: textarea.value }), "choice");
    if (out) {
      await refreshSync(true);
      go("#/conflicts");
    }
  });
  main.append(form);
}
