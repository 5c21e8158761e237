// Import: a RACI matrix from a spreadsheet (#/import/raci) or agreement sections from a
// Word document (#/import/agreement). Two steps: the preview says what would be added and
// changed and writes nothing; Import writes exactly what the preview showed (accord-app
// refuses, and this screen shows the new preview, if the file or the workspace changed
// in between); Cancel writes nothing.

import { act, call, clearErrors, labelOf, status, vocabulary } from "../api.js";
import { button, field, form, h, heading, statusColour, table, tag } from "../dom.js";

/** The two imports: what each reads, and the commands that preview and import it. */
const KINDS = {
  raci: {
    title: "Import the RACI matrix from a spreadsheet",
    intro: "The first row names the parties (people or organisations already in this workspace), the first column the activities, and each cell holds letters: R, A, C or I. A spreadsheet exported from Accord's RACI matrix is read back as it is.",
    label: "The spreadsheet",
    hint: "An Excel workbook (.xlsx) or a CSV file (.csv). Its first sheet is read.",
    purpose: "import_sheet",
    back: ["#/raci", "Back to the RACI matrix"],
  },
  agreement: {
    title: "Import agreement sections from a Word document",
    intro: "Each heading of the document becomes a section, matched by title to the agreement's sections and the 19 standard ones; any other heading becomes a section of your own. The text under a heading becomes the section's text.",
    label: "The Word document",
    hint: "A Word document (.docx) whose section titles use Word's heading styles.",
    purpose: "import_docx",
    back: ["#/agreement", "Back to the agreement"],
  },
};

/** At most this many changed cells are listed one by one; the rest are counted. */
const LISTED = 300;

const shownLetters = (l) => l || "(empty)";
const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

/** The closed lists of words (the findings' severities), loaded once for the screen. */
let vocab = null;

/** The file named on each import screen, kept when the screen is drawn again (as it is
 * for a change another program made), so a typed path is never lost. */
const named = {};

export async function render(main, [asked]) {
  vocab = await vocabulary();
  const kind = KINDS[asked] ? asked : "raci";
  const about = KINDS[kind];
  const container = h("div", { class: "accord-form", id: "import-screen", dataset: { kind } });
  main.append(container);
  container.append(...heading(about.title, "Import"),
    h("p", { class: "govuk-body", text: about.intro }),
    h("p", { class: "govuk-body", text: "Nothing is written until you have seen what will be added and changed, and chosen to import it." }));

  const path = field({ id: "import-path", label: about.label, hint: about.hint, value: named[kind] ?? "" });
  const area = h("div", { id: "import-result" });
  const cancelled = h("p", { class: "govuk-body", id: "import-status", role: "status" });

  const preview = async () => {
    clearErrors(container);
    cancelled.textContent = "";
    const chosen = path.control.value;
    const view = await act(container, () => call(`preview_${kind}_import`, { path: chosen }), "import-path");
    if (view) show(view, chosen);
    else area.replaceChildren();
  };

  /** Draws the preview of `view`, read from `chosen`, with Import and Cancel. */
  const show = (view, chosen) => {
    const title = h("h2", { class: "govuk-heading-m", id: "preview-title", tabindex: "-1", text: view.nothing_to_do ? "Nothing to import" : "Check what will be imported" });
    const body = kind === "raci" ? raciPreview(view) : agreementPreview(view);
    const actions = h("div", { class: "govuk-button-group" });
    if (!view.nothing_to_do) {
      actions.append(button(kind === "raci" ? "Import the matrix" : "Import the sections", () => confirm(view, chosen), { id: "import-confirm" }));
    }
    actions.append(button(view.nothing_to_do ? "Done" : "Cancel", () => {
      area.replaceChildren();
      cancelled.textContent = "Nothing has been imported.";
      status("Nothing has been imported.");
      path.control.focus();
    }, { secondary: true, id: "import-cancel" }));
    area.replaceChildren(h("section", { class: "accord-import-preview", id: "import-preview", "aria-labelledby": "preview-title" }, title, body, actions));
    title.scrollIntoView({ block: "start" });
    title.focus({ preventScroll: true });
  };

  const confirm = async (view, chosen) => {
    let outdated = false;
    const done = await act(container, () => call(`import_${kind}`, { path: chosen, preview: view.preview })
      .catch((e) => { if (e && e.code === "preview_outdated") outdated = true; throw e; }), "import-path");
    if (outdated) {
      // The file or the workspace changed since: show what an import would do now.
      const again = await call(`preview_${kind}_import`, { path: chosen }).catch(() => null);
      if (again) show(again, chosen);
      else area.replaceChildren();
      return;
    }
    if (!done) return;
    const said = kind === "raci"
      ? `${plural(done.new_activities.length, "activity", "activities")} added and ${plural(done.changes.length, "cell", "cells")} changed in the RACI matrix, from ${done.file}.`
      : `${plural(done.sections.length, "section", "sections")} of the agreement written from ${done.file}. Sections whose text changed are drafts until agreed again.`;
    const title = h("h2", { class: "govuk-panel__title", id: "imported-title", tabindex: "-1", text: "Imported" });
    area.replaceChildren(h("div", {},
      h("div", { class: "govuk-panel govuk-panel--confirmation accord-panel", id: "import-done" },
        title, h("div", { class: "govuk-panel__body", text: said })),
      kind === "raci" ? findings(done.findings, "What the RACI rules find now") : null,
      h("p", { class: "govuk-body" }, h("a", { class: "govuk-link", href: about.back[0], id: "import-back", text: about.back[1] }))));
    path.control.value = named[kind] = "";
    title.scrollIntoView({ block: "start" });
    title.focus({ preventScroll: true });
  };

  // A preview is of one file: changing the name takes it away.
  path.control.addEventListener("input", () => {
    named[kind] = path.control.value;
    if (area.firstChild) area.replaceChildren();
  });

  container.append(form({ id: "import-form" }, preview,
    path.group,
    button("Choose the file…", async (e) => {
      e.preventDefault();
      const p = await call("choose_file", { purpose: about.purpose });
      if (p) { path.control.value = p; path.control.dispatchEvent(new Event("input")); }
    }, { secondary: true, small: true }),
    h("div", { class: "govuk-button-group" },
      button("Preview the import", null, { id: "import-preview-button", submit: true }),
      h("a", { class: "govuk-link", href: about.back[0], text: about.back[1] }))),
    cancelled, area);
}

function raciPreview(v) {
  const unmatched = v.parties.filter((p) => !p.matched);
  const out = [
    h("p", { class: "govuk-body", id: "import-summary", text: `From ${v.file}, sheet "${v.sheet}": ${plural(v.new_activities.length, "activity", "activities")} to add, ${plural(v.changes.length, "cell", "cells")} to change, ${plural(v.unchanged, "cell", "cells")} already as the sheet says.` }),
    table({
      caption: "Parties in the first row", id: "import-parties", head: ["Column", "Name in the sheet", "In this workspace"],
      rows: v.parties.map((p) => h("tr", { class: "govuk-table__row", dataset: { matched: String(Boolean(p.matched)) } },
        h("td", { class: "govuk-table__cell", text: p.column }),
        h("td", { class: "govuk-table__cell", text: p.written }),
        h("td", { class: "govuk-table__cell" }, p.matched ? p.matched : [tag("Not matched", "red"), " ", p.why_not ?? ""]))),
    }),
  ];
  if (unmatched.length) {
    out.push(h("div", { class: "govuk-warning-text", id: "import-unmatched" },
      h("span", { class: "govuk-warning-text__icon", "aria-hidden": "true", text: "!" }),
      h("strong", { class: "govuk-warning-text__text" },
        h("span", { class: "govuk-visually-hidden", text: "Warning" }),
        `${plural(unmatched.length, "column is", "columns are")} matched to nobody: ${unmatched.map((p) => `"${p.written}"`).join(", ")}. Their letters are not imported. Add the party first, or correct the name in the sheet.`)));
  }
  if (v.notes.length) {
    out.push(h("h3", { class: "govuk-heading-s", text: "Notes on the sheet" }),
      h("ul", { class: "govuk-list govuk-list--bullet", id: "import-notes" }, v.notes.map((n) => h("li", { text: n }))));
  }
  if (v.new_activities.length) {
    out.push(h("h3", { class: "govuk-heading-s", text: "Activities to add" }),
      h("ul", { class: "govuk-list govuk-list--bullet", id: "import-new-activities" }, v.new_activities.map((n) => h("li", { text: n }))));
  }
  if (v.changes.length) {
    out.push(table({
      caption: "Cells to change", id: "import-changes", head: ["Activity", "Party", "Now", "After the import"],
      rows: v.changes.slice(0, LISTED).map((c) => h("tr", { class: "govuk-table__row" },
        h("td", { class: "govuk-table__cell" }, c.activity, c.new_activity ? [" ", tag("New", "blue")] : null),
        h("td", { class: "govuk-table__cell", text: c.party }),
        h("td", { class: "govuk-table__cell", text: shownLetters(c.before) }),
        h("td", { class: "govuk-table__cell", text: shownLetters(c.after) }))),
    }));
    if (v.changes.length > LISTED) out.push(h("p", { class: "govuk-body", text: `and ${v.changes.length - LISTED} more cells.` }));
  } else if (v.nothing_to_do) {
    out.push(h("p", { class: "govuk-body", text: "The matrix already says what the sheet says." }));
  }
  out.push(findings(v.findings, "What the RACI rules will find after the import"));
  return out;
}

function findings(list, caption) {
  return [h("h3", { class: "govuk-heading-s", text: caption }),
    list.length
      ? h("ul", { class: "govuk-list", id: "import-findings" }, list.map((f) => h("li", {}, tag(labelOf(vocab.severities, f.severity), statusColour[f.severity]), " ", f.message, " ", f.action)))
      : h("p", { class: "govuk-body", id: "import-findings", text: "The RACI rules find nothing to fix." })];
}

function agreementPreview(v) {
  const whatHappens = (s) => s.added
    ? (s.standard ? "Added, with its text" : "Added as a section of your own, with its text")
    : s.before_characters === 0 ? "Its text is written" : `Its text (${plural(s.before_characters, "character", "characters")}) is replaced`;
  const out = [
    h("p", { class: "govuk-body", id: "import-summary", text: `From ${v.file}: ${plural(v.sections.length, "section", "sections")} to add or write, ${plural(v.unchanged.length, "heading", "headings")} already as the agreement says.` }),
  ];
  if (v.sections.length) {
    out.push(table({
      caption: "Sections", id: "import-sections", head: ["Heading in the document", "Section in Accord", "Kind", "What happens", "Text"],
      rows: v.sections.map((s) => h("tr", { class: "govuk-table__row", dataset: { key: s.key, standard: String(s.standard) } },
        h("td", { class: "govuk-table__cell", text: s.heading }),
        h("td", { class: "govuk-table__cell", text: s.title }),
        h("td", { class: "govuk-table__cell" }, s.standard ? tag("Standard", "green") : tag("Your own", "blue")),
        h("td", { class: "govuk-table__cell", text: whatHappens(s) }),
        h("td", { class: "govuk-table__cell" },
          h("details", { class: "govuk-details accord-import-text" },
            h("summary", { class: "govuk-details__summary" }, h("span", { class: "govuk-details__summary-text", text: plural([...s.after].length, "character", "characters") })),
            h("div", { class: "govuk-details__text accord-pre", text: s.after }))))),
    }));
    out.push(h("p", { class: "govuk-body", text: "A section whose text changes becomes a draft again, until the partners agree it." }));
  } else if (v.nothing_to_do) {
    out.push(h("p", { class: "govuk-body", text: "The agreement already says what the document says." }));
  }
  if (v.unchanged.length) {
    out.push(h("h3", { class: "govuk-heading-s", text: "Already as the document says" }),
      h("ul", { class: "govuk-list govuk-list--bullet", id: "import-unchanged" }, v.unchanged.map((t) => h("li", { text: t }))));
  }
  if (v.empty.length) {
    out.push(h("h3", { class: "govuk-heading-s", text: "Headings with nothing under them (left as they are)" }),
      h("ul", { class: "govuk-list govuk-list--bullet", id: "import-empty" }, v.empty.map((t) => h("li", { text: t }))));
  }
  return out;
}
