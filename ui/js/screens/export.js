// Export: documents as PDFs for a board to sign (each page carries the content
// fingerprint), as office files for people who do not use Accord (Word, Excel, a
// calendar for Outlook), and the whole workspace as the open JSON document.

import { act, call, vocabulary } from "../api.js";
import { button, field, form, h, heading } from "../dom.js";

/** What each document holds, as this screen describes it (the documents and their names are the domain's). */
const HOLDS = {
  pack: "Everything below, behind a title page and contents list, with a signature page.",
  agreement: "Every section and its status, with a signature page.",
  raci: "The matrix as a table, with a legend.",
  decisions: "Each decision in full, with what it supersedes and what superseded it.",
  handover: "The handover notes, the roles each holder answers for, open decisions and key people.",
};

/** The office files, by the document each holds: what it is, in which format (the formats
 * are accord-office's). */
const OFFICE = {
  agreement: { ext: "docx", name: "The agreement in Word", holds: "Every section as a heading with its status and text, the parties and signature blocks. Word's navigation pane and table of contents work with it." },
  raci: { ext: "xlsx", name: "The RACI matrix in Excel", holds: "Activities by parties, frozen headings, a legend, the rules' findings in the last column; cells accept only R, A, C and I." },
  decisions: { ext: "xlsx", name: "The decisions log in Excel", holds: "One row per decision, a column per field, filters on." },
  dates: { ext: "ics", name: "Review and handover dates for Outlook", holds: "One calendar event per date. Importing a later export updates the events instead of adding copies." },
};

export async function render(main) {
  const vocab = await vocabulary();
  const container = h("div", { class: "accord-form" });
  main.append(container);
  container.append(...heading("Export"));
  // A path chosen in the system's save dialog, which itself asks before replacing a file:
  // only then may an existing file be replaced (a workspace never is).
  const confirmed = { pdf: null, json: null };

  const pdfPath = field({ id: "pdf-path", label: "Save the PDF as", hint: "A .pdf file. Every page shows the document, the date and the content fingerprint, so a signed copy can be checked later." });
  const done = h("div", { id: "pdf-done", role: "status" });
  const list = h("ul", { class: "govuk-list" });
  // Enter in the path presses the form's submit button, the governance pack's; each
  // button's own click exports its document (and keeps the form from submitting).
  container.append(form({ id: "pdf-form" }, () => {},
    h("h2", { class: "govuk-heading-m", text: "Papers for signing (PDF)" }), pdfPath.group,
    button("Choose where…", async () => { const p = await call("choose_file", { purpose: "export_pdf" }); if (p) pdfPath.control.value = confirmed.pdf = p; }, { secondary: true, small: true }),
    list, done));
  for (const { word: kind, label: name } of vocab.documents) {
    const what = HOLDS[kind] ?? "";
    list.append(h("li", { class: "accord-export" },
      button(`Export the ${name.toLowerCase()}`, async (e) => {
        e.preventDefault();
        const out = await act(container, () => call("export_pdf", { document: kind, path: pdfPath.control.value, overwrite: pdfPath.control.value === confirmed.pdf }), "pdf-path");
        if (out) {
          done.replaceChildren(h("div", { class: "govuk-panel govuk-panel--confirmation accord-panel" },
            h("h2", { class: "govuk-panel__title", text: `${name} saved` }),
            h("div", { class: "govuk-panel__body" }, `${out.pages} pages, ${out.path}`, h("br"), `Fingerprint ${out.fingerprint}`)),
            out.missing_characters.length ? h("p", { class: "govuk-body", text: `The PDF's font cannot print ${out.missing_characters.join(" ")}; those characters show as a replacement mark.` }) : "");
        }
      }, { secondary: kind !== "pack", id: `export-${kind}`, submit: kind === "pack" }),
      h("p", { class: "govuk-body-s accord-muted", text: what })));
  }

  const officePath = field({ id: "office-path", label: "Save the office file as", hint: "A .docx, .xlsx or .ics file, as the document below says. An existing file is replaced only after the save dialog asks." });
  const officeDone = h("div", { id: "office-done", role: "status" });
  const officeList = h("ul", { class: "govuk-list" });
  const officeConfirmed = {};
  container.append(form({ id: "office-form" }, () => {},
    h("h2", { class: "govuk-heading-m", text: "For people who do not use Accord (Word, Excel, Outlook)" }), officePath.group,
    officeList, officeDone));
  for (const o of Object.entries(OFFICE).map(([document, about]) => ({ document, ...about }))) {
    officeList.append(h("li", { class: "accord-export" },
      h("div", { class: "govuk-button-group" },
        button(`Save ${o.name.charAt(0).toLowerCase()}${o.name.slice(1)} (.${o.ext})`, async (e) => {
          e.preventDefault();
          const p = officePath.control.value;
          const out = await act(container, () => call("export_office", { document: o.document, path: p, overwrite: officeConfirmed[p] === true }), "office-path");
          if (out) officeDone.replaceChildren(h("p", { class: "govuk-body", text: `Saved ${out.path} (${Math.max(1, Math.round(out.bytes / 1024))} KB).` }));
        }, { secondary: true, id: `office-${o.document}` }),
        button("Choose where…", async (e) => {
          e.preventDefault();
          const p = await call("choose_file", { purpose: `export_${o.ext}` });
          if (p) { officePath.control.value = p; officeConfirmed[p] = true; }
        }, { secondary: true, small: true })),
      h("p", { class: "govuk-body-s accord-muted", text: o.holds })));
  }

  const path = field({ id: "export-path", label: "Save the JSON document as", hint: "A .json file. It holds every record of the workspace, in the open format described in docs/workspace.schema.json." });
  const jsonDone = h("p", { class: "govuk-body", id: "export-done", role: "status" });
  container.append(form({ id: "json-form" }, async () => {
    const bytes = await act(container, () => call("export_json", { path: path.control.value, overwrite: path.control.value === confirmed.json }), "export-path");
    if (bytes !== undefined) jsonDone.textContent = `Saved ${path.control.value} (${Math.round(bytes / 1024)} KB).`;
  }, h("h2", { class: "govuk-heading-m", text: "The whole workspace (JSON)" }), path.group,
    h("div", { class: "govuk-button-group" },
      button("Export as JSON", null, { secondary: true, id: "export-json", submit: true }),
      button("Choose where…", async () => { const p = await call("choose_file", { purpose: "export_json" }); if (p) path.control.value = confirmed.json = p; }, { secondary: true })),
    jsonDone));
}
