// History and search across the whole workspace.

import { act, call } from "../api.js";
import { button, field, h, heading, table } from "../dom.js";
import { linkFor } from "./overview.js";

const LINKS = { section: (id) => `#/agreement/${id}`, decision: (id) => `#/decisions/${id}`, handover_note: (id) => `#/handover/${id}`,
  activity: () => "#/raci", assignment: () => "#/raci", person: () => "#/people", organisation: () => "#/people", project: () => "#/overview", agreement: () => "#/agreement" };

export async function render(main) {
  const container = h("div", { class: "accord-form" });
  main.append(container);
  container.append(...heading("History and search"));
  const q = field({ id: "search-words", label: "Search the workspace", hint: "Every word must appear; the end of a word may be left off.", width: 20, type: "search" });
  const results = h("div", { id: "search-results", "aria-live": "polite" });
  const form = h("form", { role: "search", novalidate: true, on: { submit: async (e) => {
    e.preventDefault();
    const hits = await act(container, () => call("search", { words: q.control.value }), "search-words");
    if (!hits) return;
    results.replaceChildren(h("p", { class: "govuk-body", text: `${hits.length} ${hits.length === 1 ? "result" : "results"}` }),
      h("ul", { class: "govuk-list accord-hits" }, hits.map((hit) => h("li", {},
        h("a", { class: "govuk-link", href: (LINKS[hit.record_type] ?? (() => "#/overview"))(hit.record_id), text: hit.label }),
        h("p", { class: "govuk-body-s accord-muted", text: hit.snippet.replaceAll("[", "").replaceAll("]", "") })))));
  } } }, q.group, button("Search", null, { id: "search-button", submit: true }));
  container.append(form, results);

  const ops = await call("history", { limit: 200 });
  const rows = ops.map((o) => h("tr", { class: "govuk-table__row" },
    h("td", { class: "govuk-table__cell accord-nowrap", text: o.at.slice(0, 16).replace("T", " ") }),
    h("td", { class: "govuk-table__cell", text: o.actor }),
    h("td", { class: "govuk-table__cell", text: o.summary })));
  container.append(table({ caption: "Latest changes", head: ["When (UTC)", "Who", "What"], rows, id: "history" }));
}

export { linkFor };
