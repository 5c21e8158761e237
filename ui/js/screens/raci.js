// The RACI matrix: activities by parties. A cell is set by keyboard (arrow keys to move;
// R, A, C or I to switch a letter on or off; Delete to clear) or by mouse (click a cell,
// then tick the letters). Rule errors are shown on the row they concern.

import { act, call, saved, showError, status, vocabulary } from "../api.js";
import { button, field, form, h, heading } from "../dom.js";
import { conflictsByRecord } from "../sync.js";

/** The RACI letters and their meanings, in order ([["R", "Responsible"], ...]): the domain's. */
let LETTERS = [];
let ORDER = "";

const sortLetters = (s) => [...new Set(s)].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b)).join("");

export async function render(main) {
  const [view, vocab, conflicts] = await Promise.all([call("raci"), vocabulary(), conflictsByRecord()]);
  LETTERS = vocab.raci_roles.map((r) => [r.word, r.label]);
  ORDER = LETTERS.map(([l]) => l).join("");
  const container = h("div", { class: "accord-form" });
  main.append(container);
  container.append(...heading("RACI matrix", "Who is Responsible, Accountable, Consulted and Informed"),
    h("p", { class: "govuk-body", text: "Each activity needs exactly one Accountable party (A) and at least one Responsible party (R)." }),
    h("p", { class: "govuk-body-s accord-muted", id: "raci-keys", text: "In the grid: arrow keys move between cells (Page Up and Page Down a screenful, Ctrl+Home and Ctrl+End to the corners); R, A, C or I switches a letter on or off; Delete clears the cell; Enter opens the cell's choices." }),
    h("p", { class: "govuk-body" }, h("a", { class: "govuk-link", href: "#/import/raci", id: "raci-import", text: "Import the matrix from a spreadsheet (.xlsx or .csv)" })));

  const roles = new Map(view.cells.map((c) => [`${c.activity}/${c.party}`, c.roles]));
  const editor = cellEditor(container);
  container.append(editor.el);

  const rowFindings = new Map();
  for (const f of view.findings) {
    const key = f.location.activity;
    if (!rowFindings.has(key)) rowFindings.set(key, []);
    rowFindings.get(key).push(f);
  }

  const activities = view.activities, parties = view.parties;
  const grid = h("table", {
    class: "govuk-table accord-raci", id: "raci-grid", role: "grid", "aria-labelledby": "raci-caption",
    "aria-rowcount": activities.length + 1, "aria-colcount": parties.length + 1,
  },
    h("caption", { class: "govuk-table__caption govuk-table__caption--m", id: "raci-caption", text: `${activities.length} activities by ${parties.length} parties` }),
    h("thead", { class: "govuk-table__head" }, h("tr", { class: "govuk-table__row", "aria-rowindex": 1 },
      h("th", { scope: "col", class: "govuk-table__header accord-raci__activity", text: "Activity" }),
      parties.map((p) => h("th", { scope: "col", class: "govuk-table__header accord-raci__party", title: p.name },
        h("span", { text: p.name }), p.active ? null : h("span", { class: "accord-muted", text: " (left)" }))))));
  const body = h("tbody", { class: "govuk-table__body" });
  grid.append(body);
  const scroller = h("div", { class: "accord-scroll", id: "raci-scroll" }, grid);
  container.append(scroller);

  // Only the rows in view (and a margin) are in the page; spacers stand in for the rest,
  // so a 200-activity grid costs the webview what a 50-row one does.
  let active = [0, 0];
  const buildRow = (r) => {
    const a = activities[r];
    const notes = h("div", { class: "accord-raci__findings", id: `row-${a.id}-findings` });
    const tr = h("tr", { class: "govuk-table__row", "aria-rowindex": r + 2, dataset: { activity: a.id, row: r } },
      h("th", { scope: "row", class: "govuk-table__header accord-raci__activity", id: `row-${a.id}` }, h("span", { text: a.name }), notes));
    parties.forEach((p, c) => {
      const letters = roles.get(`${a.id}/${p.id}`) ?? "";
      // A cell two councils set differently shows both ("A | R") until one is chosen.
      const conflict = conflicts.get(`raci_cell/${a.id}/${p.id}`)?.[0];
      const both = conflict?.sides.map((s) => s.text).join(" | ");
      tr.append(h("td", { class: "govuk-table__cell accord-raci__cell" }, h("button", {
        type: "button", class: conflict ? "accord-cell accord-cell--conflict" : "accord-cell", tabindex: r === active[0] && c === active[1] ? "0" : "-1",
        dataset: conflict ? { activity: a.id, party: p.id, row: r, col: c, roles: letters, conflict: conflict.id } : { activity: a.id, party: p.id, row: r, col: c, roles: letters },
        "aria-label": `${a.name}, ${p.name}: ${conflict ? `in conflict, ${conflict.sides.map((s) => describe(s.text === "(empty)" ? "" : s.text)).join(" or ")}` : describe(letters)}`,
        text: conflict ? both : letters || "·",
      })));
    });
    showRowFindings(notes, rowFindings.get(a.id) ?? []);
    for (const p of parties) {
      const conflict = conflicts.get(`raci_cell/${a.id}/${p.id}`)?.[0];
      if (conflict) notes.append(h("p", { class: "govuk-body-s accord-row-warning" }, h("a", { class: "govuk-link", href: `#/conflicts/${conflict.id}`, dataset: { conflict: conflict.id } },
        h("strong", { class: "govuk-tag govuk-tag--red", text: "Conflict" }), ` ${p.name}: ${conflict.sides.map((s) => s.text).join(" | ")}`)));
    }
    return tr;
  };
  const rows = rowWindow(scroller, body, activities.length, parties.length + 1, buildRow);
  const cellAt = (r, c) => rows.row(r)?.cells[c + 1]?.firstElementChild;
  const drawVisible = () => {
    // A redraw may rebuild the row that holds the focus: give the focus to its new cell, so
    // a keyboard user (or a screen reader) never finds it dropped on the page.
    const hadFocus = document.activeElement?.classList?.contains("accord-cell") && grid.contains(document.activeElement);
    rows.draw(...rows.inView());
    if (!rows.row(active[0]) && rows.first < rows.last) {
      active = [Math.max(rows.first, Math.min(active[0], rows.last - 1)), active[1]];
    }
    const cell = cellAt(...active);
    if (cell) {
      cell.tabIndex = 0;
      if (hadFocus && !grid.contains(document.activeElement)) cell.focus({ preventScroll: true });
      if (editor.cell && !editor.cell.isConnected && editor.cell.dataset.row === cell.dataset.row && editor.cell.dataset.col === cell.dataset.col) editor.open(cell);
    }
  };
  drawVisible();
  let pending = false;
  scroller.addEventListener("scroll", () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; drawVisible(); });
  });

  const focusAt = (r, c) => {
    r = Math.min(Math.max(r, 0), activities.length - 1);
    c = Math.min(Math.max(c, 0), parties.length - 1);
    if (!rows.row(r)) rows.draw(r - rows.perView(), r + rows.perView());
    cellAt(...active)?.setAttribute("tabindex", "-1");
    active = [r, c];
    const cell = cellAt(r, c);
    cell.tabIndex = 0;
    cell.focus();
    editor.open(cell); // the choices below always describe the cell in focus
    return cell;
  };

  const setCell = async (cell, letters) => {
    status("Saving…");
    try {
      const out = await call("set_cell", { activity: cell.dataset.activity, party: cell.dataset.party, roles: letters });
      roles.set(`${cell.dataset.activity}/${cell.dataset.party}`, out.roles);
      rowFindings.set(cell.dataset.activity, out.row_findings);
      // While the call was out, scrolling may have rebuilt the row from the roles as they
      // were: paint the cell now on the page, not only the one the key was pressed on.
      const live = cellAt(Number(cell.dataset.row), Number(cell.dataset.col));
      for (const c of new Set([cell, live])) if (c) paint(c, out.roles);
      const notes = document.getElementById(`row-${cell.dataset.activity}-findings`);
      if (notes) showRowFindings(notes, out.row_findings);
      saved();
      return out;
    } catch (e) {
      showError(container, e);
      return undefined;
    }
  };
  editor.onChange = setCell;
  // The choices describe the cell in focus, which may have been rebuilt while a change was saved.
  const reopenEditor = (cell) => {
    const live = cellAt(Number(cell.dataset.row), Number(cell.dataset.col));
    if (editor.cell === cell || (live && editor.cell === live)) editor.open(live ?? cell);
  };

  grid.addEventListener("click", (e) => {
    const cell = e.target.closest(".accord-cell");
    if (cell) focusAt(Number(cell.dataset.row), Number(cell.dataset.col));
  });
  grid.addEventListener("keydown", async (e) => {
    const cell = e.target.closest(".accord-cell");
    if (!cell) return;
    const r = Number(cell.dataset.row), c = Number(cell.dataset.col);
    const page = Math.max(1, rows.perView() - 1);
    const moves = {
      ArrowUp: [r - 1, c], ArrowDown: [r + 1, c], ArrowLeft: [r, c - 1], ArrowRight: [r, c + 1],
      Home: e.ctrlKey ? [0, 0] : [r, 0], End: e.ctrlKey ? [activities.length - 1, parties.length - 1] : [r, parties.length - 1],
      PageUp: [r - page, c], PageDown: [r + page, c],
    };
    if (moves[e.key]) {
      e.preventDefault();
      focusAt(...moves[e.key]);
      return;
    }
    const letter = e.key.toUpperCase();
    if (e.key.length === 1 && ORDER.includes(letter) && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      const now = cell.dataset.roles;
      await setCell(cell, now.includes(letter) ? now.replace(letter, "") : sortLetters(now + letter));
      reopenEditor(cell);
    } else if (e.key === "Delete" || e.key === "Backspace") {
      e.preventDefault();
      await setCell(cell, "");
      reopenEditor(cell);
    } else if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      editor.open(cell);
      editor.focus();
    }
  });

  container.append(addActivity(container, () => { main.replaceChildren(); return render(main); }));
}

/**
 * The rows of a long table that are drawn: a contiguous run [first, last) between two
 * spacer rows whose heights stand in for the rows not drawn (measured once a row has been
 * drawn, estimated before). Rows kept across a redraw stay in place, so the focused cell
 * keeps its focus, and the first row in view stays put on screen while rows above it are
 * measured.
 */
function rowWindow(scroller, body, count, columns, build) {
  const spacer = () => h("tr", { class: "accord-raci__spacer", "aria-hidden": "true" }, h("td", { colspan: columns }));
  const top = spacer(), bottom = spacer();
  body.append(top, bottom);
  const drawn = new Map();
  const measured = new Float64Array(count);
  let usual = 44, settled = false;
  const height = (r) => measured[r] || usual;
  const span = (from, to) => { let sum = 0; for (let r = from; r < to; r++) sum += height(r); return sum; };
  const margin = 20;
  const rows = {
    first: 0, last: 0,
    row: (r) => drawn.get(r),
    perView: () => Math.ceil(scroller.clientHeight / usual) + 1,
    /** The rows to draw now: those in the scroller's view and a margin each side. */
    inView() {
      const bodyTop = body.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop;
      let y = scroller.scrollTop - bodyTop, r = 0;
      while (r < count - 1 && y >= height(r)) { y -= height(r); r++; }
      return [r - margin, r + rows.perView() + margin];
    },
    draw(from, to) {
      from = Math.max(0, from); to = Math.min(count, Math.max(from, to));
      // The first drawn row still in view: rows drawn or measured above it must not move it.
      const viewTop = scroller.getBoundingClientRect().top;
      let anchor;
      for (let r = rows.first; r < rows.last && !anchor; r++) if (drawn.get(r).getBoundingClientRect().bottom > viewTop) anchor = drawn.get(r);
      const anchorWas = anchor?.getBoundingClientRect().top;
      for (const [r, tr] of drawn) if (r < from || r >= to) { tr.remove(); drawn.delete(r); }
      const keptFrom = drawn.size ? Math.max(rows.first, from) : to;
      const keptTo = drawn.size ? Math.min(rows.last, to) : to;
      const before = drawn.get(keptFrom) ?? bottom;
      for (let r = from; r < keptFrom; r++) { const tr = build(r); drawn.set(r, tr); before.before(tr); }
      for (let r = keptTo; r < to; r++) { const tr = build(r); drawn.set(r, tr); bottom.before(tr); }
      rows.first = from; rows.last = to;
      top.hidden = from === 0; bottom.hidden = to === count;
      for (const [r, tr] of drawn) measured[r] = tr.getBoundingClientRect().height;
      if (!settled && drawn.size) {
        const seen = [...drawn.keys()].map((r) => measured[r]).sort((a, b) => a - b);
        usual = seen[Math.floor(seen.length / 2)] || usual;
        settled = true;
      }
      top.firstChild.style.height = `${span(0, from)}px`;
      bottom.firstChild.style.height = `${span(to, count)}px`;
      if (anchor?.isConnected) {
        const moved = anchor.getBoundingClientRect().top - anchorWas;
        if (Math.abs(moved) >= 1) scroller.scrollTop += moved;
      }
    },
  };
  return rows;
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
  return form({ class: "accord-add", id: "add-activity-form" }, () => act(container, () => call("add_activity", { name: name.control.value, description: "" }), "new-activity-name").then((r) => r && reload()),
    h("h2", { class: "govuk-heading-m", text: "Add an activity" }), name.group,
    button("Add activity", null, { secondary: true, id: "add-activity", submit: true }));
}
