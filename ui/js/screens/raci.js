// The RACI matrix: activities by parties. A cell is set by keyboard (arrow keys to move;
// R, A, C or I to switch a letter on or off; Delete to clear) or by mouse (click a cell,
// then tick the letters). Rule errors are shown on the row they concern.

import { act, call, saved, showError, status } from "../api.js";
import { button, field, h, heading } from "../dom.js";

const LETTERS = [["R", "Responsible"], ["A", "Accountable"], ["C", "Consulted"], ["I", "Informed"]];
const ORDER = "RACI";

const sortLetters = (s) => [...new Set(s)].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b)).join("");

export async function render(main) {
  const view = await call("raci");
  const container = h("div", { class: "accord-form" });
  main.append(container);
  container.append(...heading("RACI matrix", "Who is Responsible, Accountable, Consulted and Informed"),
    h("p", { class: "govuk-body", text: "Each activity needs exactly one Accountable party (A) and at least one Responsible party (R)." }),
    h("p", { class: "govuk-body-s accord-muted", id: "raci-keys", text: "In the grid: arrow keys move between cells; R, A, C or I switches a letter on or off; Delete clears the cell; Enter opens the cell's choices." }));

  const roles = new Map(view.cells.map((c) => [`${c.activity}/${c.party}`, c.roles]));
  const editor = cellEditor(container);
  container.append(editor.el);

  const rowFindings = new Map();
  for (const f of view.findings) {
    const key = f.record.slice("raci.activities[".length, -1);
    if (!rowFindings.has(key)) rowFindings.set(key, []);
    rowFindings.get(key).push(f);
  }

  const grid = h("table", { class: "govuk-table accord-raci", id: "raci-grid", role: "grid", "aria-labelledby": "raci-caption" },
    h("caption", { class: "govuk-table__caption govuk-table__caption--m", id: "raci-caption", text: `${view.activities.length} activities by ${view.parties.length} parties` }),
    h("thead", { class: "govuk-table__head" }, h("tr", { class: "govuk-table__row" },
      h("th", { scope: "col", class: "govuk-table__header accord-raci__activity", text: "Activity" }),
      view.parties.map((p) => h("th", { scope: "col", class: "govuk-table__header accord-raci__party", title: p.name },
        h("span", { text: p.name }), p.active ? null : h("span", { class: "accord-muted", text: " (left)" }))))));
  const body = h("tbody", { class: "govuk-table__body" });
  grid.append(body);
  const cells = [];
  view.activities.forEach((a, r) => {
    const notes = h("div", { class: "accord-raci__findings", id: `row-${a.id}-findings` });
    showRowFindings(notes, rowFindings.get(a.id) ?? []);
    const tr = h("tr", { class: "govuk-table__row", dataset: { activity: a.id } },
      h("th", { scope: "row", class: "govuk-table__header accord-raci__activity", id: `row-${a.id}` }, h("span", { text: a.name }), notes));
    cells.push([]);
    view.parties.forEach((p, c) => {
      const letters = roles.get(`${a.id}/${p.id}`) ?? "";
      const cell = h("button", {
        type: "button", class: "accord-cell", tabindex: r === 0 && c === 0 ? "0" : "-1",
        dataset: { activity: a.id, party: p.id, row: r, col: c, roles: letters },
        "aria-label": `${a.name}, ${p.name}: ${describe(letters)}`,
        text: letters || "·",
      });
      cells[r].push(cell);
      tr.append(h("td", { class: "govuk-table__cell accord-raci__cell" }, cell));
    });
    body.append(tr);
  });
  container.append(h("div", { class: "accord-scroll" }, grid));

  const setCell = async (cell, letters) => {
    status("Saving…");
    try {
      const out = await call("set_cell", { activity: cell.dataset.activity, party: cell.dataset.party, roles: letters });
      paint(cell, out.roles);
      showRowFindings(document.getElementById(`row-${cell.dataset.activity}-findings`), out.row_findings);
      saved();
      return out;
    } catch (e) {
      showError(container, e);
      return undefined;
    }
  };
  editor.onChange = setCell;

  grid.addEventListener("click", (e) => {
    const cell = e.target.closest(".accord-cell");
    if (cell) { focusCell(cells, cell); editor.open(cell); }
  });
  grid.addEventListener("keydown", async (e) => {
    const cell = e.target.closest(".accord-cell");
    if (!cell) return;
    const r = Number(cell.dataset.row), c = Number(cell.dataset.col);
    const moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1], Home: [0, -c], End: [0, cells[r].length - 1 - c] };
    if (moves[e.key]) {
      e.preventDefault();
      const [dr, dc] = moves[e.key];
      const next = cells[Math.min(Math.max(r + dr, 0), cells.length - 1)]?.[Math.min(Math.max(c + dc, 0), cells[r].length - 1)];
      if (next) focusCell(cells, next);
      return;
    }
    const letter = e.key.toUpperCase();
    if (e.key.length === 1 && ORDER.includes(letter) && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      const now = cell.dataset.roles;
      await setCell(cell, now.includes(letter) ? now.replace(letter, "") : sortLetters(now + letter));
      if (editor.cell === cell) editor.open(cell);
    } else if (e.key === "Delete" || e.key === "Backspace") {
      e.preventDefault();
      await setCell(cell, "");
      if (editor.cell === cell) editor.open(cell);
    } else if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      editor.open(cell);
      editor.focus();
    }
  });

  container.append(addActivity(container, () => { main.replaceChildren(); return render(main); }));
}

function describe(letters) {
  return letters ? [...letters].map((l) => LETTERS.find(([x]) => x === l)[1]).join(" and ") : "no role";
}

function paint(cell, letters) {
  cell.dataset.roles = letters;
  cell.textContent = letters || "·";
  const label = cell.getAttribute("aria-label");
  cell.setAttribute("aria-label", `${label.slice(0, label.lastIndexOf(":"))}: ${describe(letters)}`);
}

function focusCell(cells, cell) {
  for (const row of cells) for (const c of row) if (c.tabIndex === 0) c.tabIndex = -1;
  cell.tabIndex = 0;
  cell.focus();
}

function showRowFindings(el, findings) {
  el.replaceChildren(...findings.map((f) => h("p", {
    class: f.severity === "error" ? "govuk-error-message accord-row-error" : "govuk-body-s accord-row-warning",
    dataset: { code: f.code },
  }, h("span", { class: "govuk-visually-hidden", text: f.severity === "error" ? "Error: " : "Warning: " }), f.message)));
  el.closest("tr")?.classList.toggle("accord-raci__row--error", findings.some((f) => f.severity === "error"));
}

/** The panel of four checkboxes for the chosen cell. */
function cellEditor() {
  const title = h("h2", { class: "govuk-heading-s", id: "cell-editor-title", text: "Choose a cell in the grid" });
  const boxes = LETTERS.map(([l, meaning]) => h("input", { class: "govuk-checkboxes__input", type: "checkbox", id: `cell-${l}`, value: l, disabled: true }));
  const fieldset = h("fieldset", { class: "govuk-fieldset", "aria-labelledby": "cell-editor-title" },
    h("div", { class: "govuk-checkboxes govuk-checkboxes--small accord-inline" }, LETTERS.map(([l, meaning], i) =>
      h("div", { class: "govuk-checkboxes__item" }, boxes[i], h("label", { class: "govuk-label govuk-checkboxes__label", for: `cell-${l}`, text: `${meaning} (${l})` })))));
  const editor = {
    el: h("div", { class: "accord-cell-editor", id: "cell-editor" }, title, fieldset),
    cell: null,
    onChange: null,
    open(cell) {
      editor.cell = cell;
      title.textContent = cell.getAttribute("aria-label").split(":")[0];
      for (const b of boxes) { b.disabled = false; b.checked = cell.dataset.roles.includes(b.value); }
    },
    focus() { boxes[0].focus(); },
  };
  for (const b of boxes) b.addEventListener("change", async () => {
    if (!editor.cell) return;
    const letters = boxes.filter((x) => x.checked).map((x) => x.value).join("");
    await editor.onChange(editor.cell, letters);
  });
  return editor;
}

function addActivity(container, reload) {
  const name = field({ id: "new-activity-name", label: "Activity", hint: "Something that has to be done, such as Running the helpdesk", width: 30 });
  return h("div", { class: "accord-add" }, h("h2", { class: "govuk-heading-m", text: "Add an activity" }), name.group,
    button("Add activity", () => act(container, () => call("add_activity", { name: name.control.value, description: "" }), "new-activity-name").then((r) => r && reload()), { secondary: true, id: "add-activity" }));
}
