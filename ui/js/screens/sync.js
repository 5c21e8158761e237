// Sharing: whether this workspace is shared, sharing it (with a plain warning first), and
// the councils that share it: admit one, make one an observer, remove one. Every request
// goes through Accord's Rust side, off the window's thread.

import { call, choices, request, vocabulary } from "../api.js";
import { button, field, form, h, heading, summaryList, table } from "../dom.js";
import { banner, refreshSync, syncNow } from "../sync.js";

export async function render(main) {
  const v = await call("sync_status");
  const container = h("div", { class: "accord-form" });
  main.append(container);
  container.append(...heading("Sharing", "Work on this project with partner councils"));
  if (!v.shared) {
    container.append(h("p", { class: "govuk-body", id: "not-shared", text: "This workspace is not shared: only this file holds it." }));
    if (!v.server_set) {
      container.append(h("div", { class: "govuk-inset-text", id: "share-needs-server" }, "To share it, first set your Pipeline server on the ",
        h("a", { class: "govuk-link", href: "#/pipeline", text: "Pipeline screen" }), "."));
      return;
    }
    // Once shared, the screen is drawn again (sync.js catches up with what sharing wrote).
    const share = button("Share this workspace", () => syncNow("share_workspace"), { id: "share-workspace" });
    container.append(
      h("div", { class: "govuk-warning-text", id: "share-warning" },
        h("span", { class: "govuk-warning-text__icon", "aria-hidden": "true", text: "!" }),
        h("strong", { class: "govuk-warning-text__text" }, h("span", { class: "govuk-visually-hidden", text: "Warning" }),
          "Sharing sends this workspace's whole history, drafts included, to the Pipeline server and to every council you admit to it. It cannot be taken back.")),
      h("p", { class: "govuk-body", text: "Your organisation leads the shared project. Afterwards, admit partner councils below; they open it from their start screen." }),
      share);
    return;
  }
  container.append(summaryList([
    ["Server", h("span", { class: "accord-path", text: v.server_url })],
    ["Project id", h("span", { class: "accord-path", id: "project-id", text: v.project_id })],
    ["Sync", v.line],
  ]));
  if (v.last_problem) container.append(h("p", { class: "govuk-body", id: "last-problem", text: `The last sync did not finish: ${v.last_problem}` }));
  if (v.open_conflicts) container.append(h("p", { class: "govuk-body" }, h("a", { class: "govuk-link", href: "#/conflicts", text: `Settle ${v.open_conflicts === 1 ? "the conflict" : `the ${v.open_conflicts} conflicts`}` })));
  container.append(membersSection(container, await vocabulary()));
}

function membersSection(container, vocab) {
  const box = h("section", { class: "accord-section", id: "members", "aria-labelledby": "members-title" },
    h("h2", { class: "govuk-heading-m", id: "members-title", text: "Councils sharing this project" }));
  const list = h("div", { id: "members-list" });
  const show = button("Show the councils", () => load(), { secondary: true, id: "show-members" });
  const load = () => request(container, show, () => call("sync_members")).then((members) => {
    if (!members) return;
    list.replaceChildren(table({
      caption: "Members", id: "members-table",
      head: ["Organisation", "Role", "Since", "Change"],
      rows: members.map((m) => h("tr", { class: "govuk-table__row", dataset: { organisation: m.organisation.id } },
        h("th", { scope: "row", class: "govuk-table__header", text: m.organisation.name }),
        h("td", { class: "govuk-table__cell", text: m.role }),
        h("td", { class: "govuk-table__cell", text: m.since.slice(0, 10) }),
        h("td", { class: "govuk-table__cell" }, !vocab.sync_roles.some((r) => r.word === m.role) ? "" : [
          // The roles a lead may give (the domain's list): offer each the member does not hold.
          ...vocab.sync_roles.filter((r) => r.word !== m.role).flatMap((r) => [
            button(`Make ${r.word}`, (e) => request(container, e.target, () => call("admit_member", { organisation: m.organisation.id, role: r.word })).then((x) => x && load()), { secondary: true, small: true }),
            " ",
          ]),
          button("Remove", (e) => request(container, e.target, () => call("remove_member", { organisation: m.organisation.id })).then((r) => r !== undefined && load()), { warning: true, small: true }),
        ]))),
    }));
  });
  const org = field({ id: "organisation", label: "Organisation id on the Pipeline server", hint: "The council's officer finds it on their Pipeline screen, or in an accepted request to join.", width: 30 });
  const role = field({ id: "role", label: "Role", kind: "select", options: choices(vocab.sync_roles) });
  const admit = button("Admit", null, { id: "admit-member", submit: true });
  box.append(h("div", { class: "govuk-button-group" }, show), list,
    form({ id: "admit-form" }, () => request(container, admit, () => call("admit_member", { organisation: org.control.value, role: role.control.value }), "organisation").then((m) => {
      if (!m) return;
      banner({ success: true, heading: `${m.organisation.name} is now a ${m.role} of this project.`, lines: [], id: "admitted" });
      org.control.value = "";
      load();
      refreshSync(true);
    }), h("h3", { class: "govuk-heading-s", text: "Admit a council" }), org.group, role.group, admit));
  return box;
}
