// People and organisations: add, change, mark as left; councils from a CSV register.

import { act, autosave, call, choices, labelOf, vocabulary } from "../api.js";
import { button, field, form, h, heading, table } from "../dom.js";


export async function render(main) {
  const [v, vocab] = await Promise.all([call("parties"), vocabulary()]);
  const container = h("div", { class: "accord-form" });
  main.append(container);
  const reload = () => { main.replaceChildren(); return render(main); };
  container.append(...heading("People and organisations"));

  const orgRows = v.organisations.map((o) => h("tr", { class: "govuk-table__row" },
    h("td", { class: "govuk-table__cell", text: o.name }),
    h("td", { class: "govuk-table__cell", text: labelOf(vocab.organisation_kinds, o.kind) }),
    h("td", { class: "govuk-table__cell" }, roleSelect(container, o, vocab.party_roles)),
    h("td", { class: "govuk-table__cell", text: o.gss_code ?? "" }),
    h("td", { class: "govuk-table__cell" }, button("Remove", () => act(container, () => call("remove_organisation", { organisation: o.id })).then((r) => r && reload()), { secondary: true, small: true }))));
  container.append(table({ caption: "Organisations", head: ["Name", "Kind", "Role", "ONS code", ""], rows: orgRows, id: "organisations" }));

  const orgName = (id) => v.organisations.find((o) => o.id === id)?.name ?? "";
  const personRows = v.people.map((p) => h("tr", { class: "govuk-table__row", dataset: { person: p.id } },
    h("td", { class: "govuk-table__cell", text: p.name }),
    h("td", { class: "govuk-table__cell", text: p.job_title }),
    h("td", { class: "govuk-table__cell", text: orgName(p.organisation) }),
    h("td", { class: "govuk-table__cell", text: p.active ? "Active" : "Has left" }),
    h("td", { class: "govuk-table__cell" }, h("div", { class: "govuk-button-group" },
      button(p.active ? "Mark as left" : "Mark as active", () => act(container, () => call("set_person_field", { person: p.id, field: "active", value: p.active ? "false" : "true" })).then((r) => r && reload()), { secondary: true, small: true }),
      button("Remove", () => act(container, () => call("remove_person", { person: p.id })).then((r) => r && reload()), { secondary: true, small: true })))));
  container.append(table({ caption: "People", head: ["Name", "Job title", "Organisation", "", ""], rows: personRows, id: "people" }));

  const name = field({ id: "person-name", label: "Name", width: 20 });
  const job = field({ id: "person-job", label: "Job title", width: 20 });
  const org = field({ id: "person-org", label: "Organisation", kind: "select", options: [["", "None"], ...v.organisations.map((o) => [o.id, o.name])] });
  const email = field({ id: "person-email", label: "Email", type: "email", width: 20 });
  container.append(form({ id: "add-person-form" }, () => act(container, () => call("add_person", { name: name.control.value, organisation: org.control.value, jobTitle: job.control.value, email: email.control.value }), "person-name").then((r) => r && reload()),
    h("h2", { class: "govuk-heading-m", text: "Add a person" }), name.group, job.group, org.group, email.group,
    button("Add person", null, { id: "add-person", submit: true })));

  const oname = field({ id: "org-name", label: "Name", width: 20 });
  const kind = field({ id: "org-kind", label: "Kind", kind: "select", value: "other_public", options: choices(vocab.organisation_kinds) });
  const role = field({ id: "org-role", label: "Role", kind: "select", value: "partner", options: choices(vocab.party_roles) });
  const gss = field({ id: "org-gss", label: "ONS code (optional)", width: 10 });
  container.append(form({ id: "add-organisation-form" }, () => act(container, () => call("add_organisation", { name: oname.control.value, kind: kind.control.value, role: role.control.value, gssCode: gss.control.value }), "org-name").then((r) => r && reload()),
    h("h2", { class: "govuk-heading-m", text: "Add an organisation" }), oname.group, kind.group, role.group, gss.group,
    button("Add organisation", null, { secondary: true, id: "add-organisation", submit: true })));

  const reg = field({ id: "register-path", label: "Register file (CSV)", hint: "Such as mySociety's list of UK local authorities." });
  const codes = field({ id: "register-codes", label: "Codes", hint: "Register or ONS codes, separated by commas, such as ADU, E07000229. Leave empty to take a whole nation.", width: 20 });
  const nation = field({ id: "register-nation", label: "Nation", kind: "select", options: [["", "Any"], ...vocab.nations.map((n) => [n.label, n.label])] });
  container.append(form({ id: "import-register-form" }, () => act(container, () => call("import_register", { path: reg.control.value, codes: codes.control.value, nation: nation.control.value, role: "partner" }), "register-codes").then((r) => r && reload()),
    h("h2", { class: "govuk-heading-m", text: "Import councils from a register" }), reg.group,
    button("Choose file…", async () => { const p = await call("choose_file", { purpose: "register" }); if (p) reg.control.value = p; }, { secondary: true, small: true }),
    codes.group, nation.group,
    button("Import councils", null, { secondary: true, id: "import-register", submit: true })));
}

function roleSelect(container, o, roles) {
  const f = field({ id: `org-role-${o.id}`, label: `Role of ${o.name}`, kind: "select", value: o.role, options: choices(roles) });
  f.group.querySelector("label").className = "govuk-visually-hidden";
  f.group.classList.add("accord-compact");
  autosave(container, f.control, (value) => call("set_organisation_field", { organisation: o.id, field: "role", value }));
  return f.group;
}
