// The start screen: who you are, create a workspace, open one, recent workspaces.

import { act, call, clearErrors, request, showError } from "../api.js";
import { button, clear, field, h } from "../dom.js";
import { go, setWorkspace } from "../app.js";

export async function render(main) {
  const info = await call("start");
  if (info.open) {
    await call("close_workspace");
    setWorkspace(null);
  }
  main.append(h("h1", { class: "govuk-heading-xl", text: "Accord" }),
    h("p", { class: "govuk-body-l", text: "Your project's collaboration agreement, RACI matrix, decisions log and handover notes, in one file on this laptop." }));
  if (info.problem) {
    main.append(h("div", { class: "govuk-error-summary", tabindex: "-1" }, h("div", { role: "alert" },
      h("h2", { class: "govuk-error-summary__title", text: "That workspace could not be opened" }),
      h("div", { class: "govuk-error-summary__body" }, h("p", { class: "govuk-body", text: info.problem.message })))));
  }
  if (!info.me) {
    whoAreYou(main);
    return;
  }
  main.append(h("p", { class: "govuk-body", text: `Changes you make are recorded as ${info.me.name} (${info.me.organisation}).` }));
  const grid = h("div", { class: "govuk-grid-row" });
  const left = h("div", { class: "govuk-grid-column-one-half" });
  const right = h("div", { class: "govuk-grid-column-one-half" });
  grid.append(left, right);
  main.append(grid);
  createForm(left);
  openForm(right, info.recent);
  sharedForm(main);
}

// "Open a shared project": the projects the user's organisation shares on the Pipeline
// server, and one cloned into a file the user names in the save dialog.
function sharedForm(main) {
  const box = h("section", { class: "accord-section", id: "open-shared", "aria-labelledby": "open-shared-title" },
    h("h2", { class: "govuk-heading-m", id: "open-shared-title", text: "Open a shared project" }),
    h("p", { class: "govuk-body", text: "A project another council shares with yours, from the Pipeline server set on this laptop. Accord copies it into a new file you name." }));
  const list = h("div", { id: "shared-projects" });
  const show = button("Show shared projects", () => request(box, show, () => call("shared_projects")).then((spaces) => {
    if (!spaces) return;
    if (!spaces.length) { list.replaceChildren(h("p", { class: "govuk-body", id: "no-shared", text: "Your organisation shares no project on this server yet. Ask the lead council to admit it." })); return; }
    list.replaceChildren(h("ul", { class: "govuk-list", id: "shared-list" }, spaces.map((s) => h("li", { dataset: { project: s.project } },
      `Led by ${s.lead.name} (you are ${s.role === "observer" ? "an observer" : `a ${s.role}`}) `,
      h("span", { class: "govuk-hint accord-path", text: `Project ${s.project}, ${s.head_seq} changes` }),
      button("Open a copy…", async (e) => {
        const path = await call("choose_file", { purpose: "clone" });
        if (!path) return;
        e.target.textContent = "Copying the project…";
        const out = await request(box, e.target, () => call("open_shared", { project: s.project, path }));
        e.target.textContent = "Open a copy…";
        if (out) { setWorkspace(out.path); go("#/overview"); }
      }, { secondary: true, small: true })))));
  }), { secondary: true, id: "show-shared" });
  box.append(h("div", { class: "govuk-button-group" }, show), list);
  main.append(box);
}

function whoAreYou(main) {
  const form = h("form", { class: "accord-form", novalidate: true });
  const name = field({ id: "me-name", label: "Your name", width: 20 });
  const org = field({ id: "me-organisation", label: "Your organisation", hint: "For example, Adur District Council", width: 20 });
  form.append(h("h2", { class: "govuk-heading-m", text: "Who are you?" }),
    h("p", { class: "govuk-body", text: "Every change in a workspace records who made it, so that decisions are not remembered differently later. You only need to say this once on this laptop." }),
    name.group, org.group, button("Continue", null, { id: "me-continue", submit: true }));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      await call("set_me", { name: name.control.value, organisation: org.control.value });
      go("#/start");
    } catch (err) {
      showError(form, err, err.field === "organisation" ? "me-organisation" : "me-name");
    }
  });
  main.append(form);
}

function createForm(col) {
  const form = h("form", { class: "accord-form", novalidate: true });
  const title = field({ id: "create-title", label: "Project title", hint: "Name it after the problem, not the technology: for example, Missed bins across Adur and Worthing." });
  const path = field({ id: "create-path", label: "Where to save it", hint: "A file ending .accord. It stays on this laptop or the drive you choose." });
  form.append(h("h2", { class: "govuk-heading-m", text: "Create a workspace" }), title.group, path.group,
    h("div", { class: "govuk-button-group" },
      button("Create workspace", null, { id: "create-button", submit: true }),
      button("Choose where…", async () => { const p = await call("choose_file", { purpose: "create" }); if (p) path.control.value = p; }, { secondary: true })));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const out = await act(form, () => call("create_workspace", { path: path.control.value, title: title.control.value }), "create-path");
    if (out) { setWorkspace(out.path); go("#/overview"); }
  });
  col.append(form);
}

function openForm(col, recent) {
  const form = h("form", { class: "accord-form", novalidate: true });
  const path = field({ id: "open-path", label: "Workspace file", hint: "The .accord file, on this laptop or a shared drive." });
  const question = h("div", { id: "in-use", role: "alert", hidden: true });
  const opened = (out) => { if (out) { setWorkspace(out.path); go("#/overview"); } };
  const open = async (p) => {
    question.hidden = true;
    clearErrors(form);
    try {
      opened(await call("open_workspace", { path: p }));
    } catch (err) {
      if (err.code === "in_use") inUse(question, form, p, err.message, opened);
      else showError(form, err, "open-path");
    }
  };
  form.append(h("h2", { class: "govuk-heading-m", text: "Open a workspace" }), path.group,
    h("div", { class: "govuk-button-group" },
      button("Open workspace", null, { id: "open-button", submit: true }),
      button("Choose file…", async () => { const p = await call("choose_file", { purpose: "open" }); if (p) open(p); }, { secondary: true })));
  form.addEventListener("submit", (e) => { e.preventDefault(); open(path.control.value); });
  form.append(question);
  if (recent.length) {
    form.append(h("h3", { class: "govuk-heading-s", text: "Recent workspaces" }),
      h("ul", { class: "govuk-list", id: "recent" }, recent.map((r) => h("li", {},
        r.exists
          ? h("a", { class: "govuk-link", href: "#", on: { click: (e) => { e.preventDefault(); open(r.path); } } }, r.name)
          : h("span", { class: "accord-muted", text: `${r.name} (moved or deleted)` }),
        h("span", { class: "govuk-hint accord-path", text: r.path })))));
  }
  col.append(form);
}

// Someone else has the workspace open (Word's "file in use"): say who, and offer to open
// it read-only or, after a clear question, to take it over.
function inUse(question, form, path, sentence, opened) {
  const confirmBox = h("div", { hidden: true },
    h("p", { class: "govuk-body", text: "Take over only if they are no longer working in it: their laptop crashed, or they left it open. If they are still working in it, you will both be changing the same file." }),
    h("div", { class: "govuk-button-group" },
      button("Yes, take it over", async () => opened(await act(form, () => call("take_over_workspace", { path }), "open-path")), { warning: true, id: "take-over-confirm" }),
      button("Cancel", () => { confirmBox.hidden = true; }, { secondary: true })));
  clear(question).append(
    h("div", { class: "govuk-warning-text" },
      h("span", { class: "govuk-warning-text__icon", "aria-hidden": "true", text: "!" }),
      h("strong", { class: "govuk-warning-text__text" }, h("span", { class: "govuk-visually-hidden", text: "Warning" }), sentence)),
    h("div", { class: "govuk-button-group" },
      button("Open read-only", async () => opened(await act(form, () => call("open_workspace_read_only", { path }), "open-path")), { id: "open-read-only" }),
      button("Take it over…", () => { confirmBox.hidden = false; }, { secondary: true, id: "take-over" })),
    confirmBox);
  question.hidden = false;
}
