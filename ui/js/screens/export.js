// Export: the whole workspace as the open JSON document. (PDFs for sign-off come later.)

import { act, call } from "../api.js";
import { button, field, h, heading } from "../dom.js";

export async function render(main) {
  const container = h("div", { class: "accord-form" });
  main.append(container);
  const path = field({ id: "export-path", label: "Save the JSON document as", hint: "A .json file. It holds every record of the workspace, in the open format described in docs/workspace.schema.json." });
  const done = h("p", { class: "govuk-body", id: "export-done", role: "status" });
  container.append(...heading("Export"), path.group,
    h("div", { class: "govuk-button-group" },
      button("Export as JSON", async () => {
        const bytes = await act(container, () => call("export_json", { path: path.control.value }), "export-path");
        if (bytes !== undefined) done.textContent = `Saved ${path.control.value} (${Math.round(bytes / 1024)} KB).`;
      }, { id: "export-json" }),
      button("Choose where…", async () => { const p = await call("choose_file", { purpose: "export_json" }); if (p) path.control.value = p; }, { secondary: true })),
    done);
}
