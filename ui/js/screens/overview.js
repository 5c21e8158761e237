// The project overview: the project's details (saved as they are edited), its parties,
// and the readiness check with links to what needs doing.

import { autosave, call, choices, labelOf, vocabulary } from "../api.js";
import { checkbox, field, h, heading, statusColour, summaryList, tag } from "../dom.js";


/** Where the record a finding is about is dealt with, from its location (`{ record, ... }`). */
export function linkFor(location) {
  switch (location.record) {
    case "section": return `#/agreement/${encodeURIComponent(location.key)}`;
    case "raci": return "#/raci";
    case "person": return "#/people";
    case "handover": return "#/handover";
    case "signoff": return "#/signoffs";
    case "conflict": return `#/conflicts/${encodeURIComponent(location.conflict)}`;
    default: return "#/overview";
  }
}

export async function render(main) {
  const [view, vocab] = await Promise.all([call("overview"), vocabulary()]);
  const p = view.summary.project;
  const s = view.summary;
  main.append(...heading(p.title, "Project overview"));
  const open = view.report.findings.filter((f) => f.location.record === "conflict");
  if (open.length) {
    // Open conflicts come first: a GOV.UK error summary, each linking to its page.
    main.append(h("div", { class: "govuk-error-summary", id: "conflict-summary", tabindex: "-1" }, h("div", { role: "alert" },
      h("h2", { class: "govuk-error-summary__title", text: `${open.length === 1 ? "1 conflict needs" : `${open.length} conflicts need`} a decision` }),
      h("div", { class: "govuk-error-summary__body" },
        h("p", { class: "govuk-body", text: "Two councils changed the same thing while apart. Every version is kept until you choose." }),
        h("ul", { class: "govuk-list govuk-error-summary__list" }, open.map((f) => h("li", {},
          h("a", { href: linkFor(f.location), text: f.message }))))))));
  }
  const grid = h("div", { class: "govuk-grid-row" });
  const form = h("form", { class: "govuk-grid-column-two-thirds accord-form", novalidate: true, on: { submit: (e) => e.preventDefault() } });
  const side = h("div", { class: "govuk-grid-column-one-third" });
  grid.append(form, side);
  main.append(grid);

  const save = (name) => (value) => call("set_project_field", { field: name, value });
  const add = (f, name) => { form.append(f.group); autosave(form, f.control, save(name)); return f; };
  add(field({ id: "title", label: "Title", value: p.title }), "title");
  add(field({ id: "problem", label: "The shared problem", hint: "In plain words: councils find each other by problem, not by technology.", kind: "textarea", value: p.problem, rows: 4 }), "problem");
  add(field({ id: "outcomes", label: "Outcomes", hint: "What success looks like for residents and for each council.", kind: "textarea", value: p.outcomes, rows: 4 }), "outcomes");
  add(field({ id: "phase", label: "Phase", kind: "select", value: p.phase, options: choices(vocab.phases) }), "phase");
  add(field({ id: "status", label: "Status", kind: "select", value: p.status, options: choices(vocab.project_statuses) }), "status");
  add(field({ id: "tags", label: "Tags", hint: "Topics, separated by commas, such as waste, data.", value: p.tags.join(", ") }), "tags");
  add(field({ id: "collaboration_level", label: "How open the project is", kind: "select", value: p.collaboration_level, options: choices(vocab.collaboration_levels) }), "collaboration_level");
  add(field({ id: "budget_band", label: "Budget", kind: "select", value: p.budget_band ?? "", options: [["", "Not given"], ...choices(vocab.budget_bands)] }), "budget_band");
  add(checkbox({ id: "looking_for_partners", label: "Looking for partners", hint: "Other councils are invited to join.", checked: p.looking_for_partners }), "looking_for_partners");
  add(field({ id: "start_date", label: "Start date", hint: "For example, 2026-04-01", value: p.start_date ?? "", width: 10 }), "start_date");
  add(field({ id: "review_date", label: "Review date", hint: "For example, 2027-04-01", value: p.review_date ?? "", width: 10 }), "review_date");

  const sectionCount = Object.values(s.sections).reduce((a, b) => a + b, 0);
  const decisionCount = Object.values(s.decisions).reduce((a, b) => a + b, 0);
  side.append(h("h2", { class: "govuk-heading-m", text: "In this workspace" }), summaryList([
    ["Agreement", `Version ${s.agreement_version}, ${labelOf(vocab.agreement_statuses, s.agreement_status).toLowerCase()}; ${s.sections.agreed ?? 0} of ${sectionCount} sections agreed`],
    ["Parties", h("a", { class: "govuk-link", href: "#/people", text: `${s.organisations} organisations, ${s.people} people${s.people_left ? ` (${s.people_left} left)` : ""}` })],
    ["RACI", `${s.activities} activities`],
    ["Decisions", `${decisionCount}`],
    ["Handover notes", `${s.handover_notes}`],
    ["File", h("span", { class: "accord-path", text: view.path })],
  ]));

  main.append(readiness(view.report));
}

function readiness(report) {
  const count = (sev) => report.findings.filter((f) => f.severity === sev).length;
  const box = h("section", { id: "readiness", "aria-labelledby": "readiness-heading" },
    h("h2", { class: "govuk-heading-l", id: "readiness-heading", text: "Readiness check" }),
    h("p", { class: "govuk-body", id: "readiness-counts", text: `${count("error")} errors, ${count("warning")} warnings, ${count("info")} notes.` }));
  const blockers = h("table", { class: "govuk-table" },
    h("caption", { class: "govuk-table__caption govuk-table__caption--m", text: "Blockers to collaboration" }),
    h("thead", { class: "govuk-table__head" }, h("tr", { class: "govuk-table__row" },
      ["Blocker", "Sections that answer it", "State"].map((t) => h("th", { scope: "col", class: "govuk-table__header", text: t })))),
    h("tbody", { class: "govuk-table__body" }, report.blockers.map((b) => h("tr", { class: "govuk-table__row" },
      h("th", { scope: "row", class: "govuk-table__header", text: b.description }),
      h("td", { class: "govuk-table__cell" }, b.sections.map((sec, i) => [i ? ", " : "",
        h("a", { class: "govuk-link", href: `#/agreement/${sec.key}`, text: sec.title }), ` (${sec.state})`])),
      h("td", { class: "govuk-table__cell" }, b.answered ? tag("Answered", "green") : tag("Open", "orange"))))));
  box.append(blockers);
  const list = h("ul", { class: "govuk-list accord-findings", id: "findings" });
  for (const f of report.findings) {
    list.append(h("li", { class: `accord-finding accord-finding--${f.severity}`, dataset: { code: f.code } },
      tag(f.severity === "info" ? "note" : f.severity, statusColour[f.severity]), " ",
      h("a", { class: "govuk-link", href: linkFor(f.location), text: f.message }),
      h("p", { class: "govuk-body-s accord-action", text: f.action })));
  }
  box.append(h("h3", { class: "govuk-heading-m", text: "What needs doing" }), list);
  return box;
}
