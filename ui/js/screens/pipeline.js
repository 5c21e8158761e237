// Pipeline: the shared directory where councils find each other's projects. Set the
// server and token; preview this project's listing, then publish or update it; once it is
// published, post status updates on it and answer requests to join it; search the
// directory, watch a listing, ask to join; follow tags; read what is new. Every request
// goes through Accord's Rust side: this page never talks to the network itself.

import { call, choices, request, status, vocabulary } from "../api.js";
import { button, checkbox, clear, field, form, h, heading, summaryList, table, tag, words } from "../dom.js";

const TOKEN_SAID = {
  settings: "Set, and kept in your settings on this laptop",
  environment: "Set by ACCORD_PIPELINE_TOKEN on this laptop",
  none: "None: you can search and read, but not publish, watch or join",
};

export async function render(main) {
  const [v, vocab] = await Promise.all([call("pipeline_settings"), vocabulary()]);
  const container = h("div", { class: "accord-form" });
  main.append(container);
  const reload = () => { main.replaceChildren(); return render(main); };
  container.append(...heading("Pipeline directory", "Find councils working on the same problem"));

  container.append(serverSection(container, v, reload));
  if (!v.server) {
    container.append(h("div", { class: "govuk-inset-text", id: "no-server", text: "Nothing is sent anywhere until you set a Pipeline server above." }));
    return;
  }
  container.append(listingSection(container, v), statusSection(container, v), requestsSection(container, v),
    searchSection(container, vocab), followSection(container), feedSection(container));
}

function section(title, id, ...children) {
  return h("section", { class: "accord-section", id, "aria-labelledby": `${id}-title` },
    h("h2", { class: "govuk-heading-m", id: `${id}-title`, text: title }), ...children);
}

function serverSection(container, v, reload) {
  const url = field({ id: "server", label: "Server address", hint: "Such as https://pipeline.example.gov.uk/. Kept in your settings on this laptop, never in the workspace.", value: v.server ?? "", width: 30, type: "url" });
  const token = field({ id: "token", label: "Your token", hint: v.token === "none" ? "From the server's administrator. Kept on this laptop only; it is never shown again." : "Leave empty to keep the token you set before.", type: "password", width: 30 });
  const save = button("Save server", null, { id: "save-server", submit: true });
  const forget = v.server ? button("Forget server and token", () => request(container, forget, () => call("forget_pipeline_server")).then((r) => r && reload()), { secondary: true, id: "forget-server" }) : null;
  return section("Server", "pipeline-server",
    v.server ? summaryList([["Server", h("span", { class: "accord-path", id: "server-now", text: v.server })], ["Token", TOKEN_SAID[v.token]]]) : null,
    form({ id: "server-form" }, () => request(container, save, () => call("set_pipeline_server", { url: url.control.value, token: token.control.value }), "server").then((r) => r && reload()),
      url.group, token.group, h("div", { class: "govuk-button-group" }, save, forget)));
}

function listingSection(container, v) {
  const options = [["", v.default_contact ? "The lead council's signatory" : "Nobody (no contact)"], ...v.contacts.map((c) => [c.id, c.name])];
  const contact = field({ id: "contact", label: "Contact for this project", hint: "The one person whose name and job title are listed; their email address is not sent. Nobody else's details are sent.", kind: "select", options });
  const preview = h("div", { id: "listing-preview" });
  const done = h("div", { id: "published", role: "status" });
  const show = button("Preview the listing", () => request(container, show, () => call("listing_preview", { contact: contact.control.value }), "contact").then((p) => {
    if (!p) return;
    clear(done);
    const d = p.draft;
    const publish = button(p.updates ? "Update the listing" : "Publish to the directory", () => request(container, publish, () => call("publish_listing", { contact: contact.control.value }), "contact").then((r) => {
      if (!r) return;
      done.replaceChildren(h("div", { class: "govuk-panel govuk-panel--confirmation accord-panel", tabindex: "-1" },
        h("h2", { class: "govuk-panel__title", text: r.outcome === "updated" ? "Listing updated" : "Listing published" }),
        h("div", { class: "govuk-panel__body" }, `“${r.listing.title}” is in the directory at ${r.server}`, h("br"), `Listing ${r.listing.id}`)));
      publish.textContent = "Update the listing";
      done.firstChild.focus();
      done.scrollIntoView({ block: "center" });
      const state = document.getElementById("listing-state");
      if (state) state.textContent = `Published as ${r.listing.id}. Publishing again updates it.`;
      for (const id of OWN_LISTING_SECTIONS) { const el = document.getElementById(id); if (el) el.hidden = false; }
    }), { id: "publish-listing" });
    preview.replaceChildren(
      h("h3", { class: "govuk-heading-s", text: p.updates ? `This will update listing ${p.updates} with:` : "This will publish a new listing with:" }),
      summaryList([
        ["Title", d.title],
        ["Problem", d.problem || "(not written yet)"],
        ["Outcomes", d.outcomes || "(not written yet)"],
        ["Tags", d.tags.join(", ") || "(none)"],
        ["Phase and status", `${d.phase}, ${d.status}`],
        ["Collaboration", words(d.collaboration_level)],
        ["Budget band", d.budget_band ?? "(not given)"],
        ["Looking for partners", d.looking_for_partners ? "Yes" : "No"],
        ["Organisations", d.organisations.map((o) => `${o.name} (${o.role})`).join("; ") || "(none)"],
        ["Partners", "Each organisation other than yours shows as invited until it confirms in the directory."],
        ["Contact", d.contact ? (d.contact.publish_email ? `${d.contact.name}, ${d.contact.email}` : `${d.contact.name} (email not published)`) : "(none)"],
      ]),
      h("details", { class: "govuk-details" },
        h("summary", { class: "govuk-details__summary" }, h("span", { class: "govuk-details__summary-text", text: "The exact data that will be sent" })),
        h("div", { class: "govuk-details__text" }, h("pre", { class: "accord-pre govuk-body-s", id: "listing-json", text: p.json }))),
      h("p", { class: "govuk-body", text: "The agreement, RACI, decisions, handover notes, sign-offs and history are never sent." }),
      publish);
  }), { secondary: true, id: "preview-listing" });
  return section("This project's listing", "pipeline-listing",
    h("p", { class: "govuk-body", id: "listing-state", text: v.listing_id ? `Published as ${v.listing_id}. Publishing again updates it.` : "Not published yet." }),
    contact.group, show, preview, done);
}

// Sections about this project's own listing: shown once it is published.
const OWN_LISTING_SECTIONS = ["pipeline-status", "pipeline-requests"];

function statusSection(container, v) {
  const text = field({ id: "status-text", label: "Status update", hint: "A sentence or two on how the project is going. Everyone watching this project's listing sees it in “What is new”.", kind: "textarea", rows: 3 });
  const said = h("p", { class: "govuk-body", id: "status-posted", role: "status" });
  const post = button("Post the update", null, { id: "post-status", submit: true });
  const send = () => request(container, post, () => call("post_status_update", { text: text.control.value }), "status-text").then((u) => {
    // When posting fails the text stays in the box, to try again.
    if (!u) return;
    said.textContent = `Update posted: “${u.text}”. Everyone watching the listing will see it.`;
    text.control.value = "";
    status("Update posted.");
  });
  const el = section("Post a status update", "pipeline-status", form({ id: "status-form" }, send, text.group, post), said);
  el.hidden = !v.listing_id;
  return el;
}

const STATE_SAID = { pending: ["Waiting for your answer", "blue"], accepted: ["Accepted", "green"], declined: ["Declined", "grey"] };

function requestsSection(container, v) {
  const list = h("div", { id: "join-requests" });
  const load = button("Show requests to join", () => request(container, load, () => call("join_requests")).then((rs) => {
    if (!rs) return;
    list.replaceChildren(rs.length
      ? table({ caption: `${rs.length} ${rs.length === 1 ? "request" : "requests"}`, head: ["Organisation", "Their message", "Asked on", "Answer"], id: "requests-table", rows: rs.map((r) => requestRow(container, r)) })
      : h("p", { class: "govuk-body", text: "No organisation has asked to join yet." }));
    status(rs.length ? `${rs.filter((r) => r.state === "pending").length} waiting for your answer.` : "No requests to join yet.");
  }), { secondary: true, id: "load-requests" });
  const el = section("Requests to join this project", "pipeline-requests",
    h("p", { class: "govuk-body", text: "Organisations that asked to join this project's listing. Accepting one makes it a partner in the listing." }),
    load, list);
  el.hidden = !v.listing_id;
  return el;
}

function requestRow(container, r) {
  const answer = h("td", { class: "govuk-table__cell" });
  const settled = (state) => {
    const [text, colour] = STATE_SAID[state];
    const t = tag(text, colour);
    t.setAttribute("tabindex", "-1");
    answer.replaceChildren(t);
    return t;
  };
  if (r.state === "pending") {
    const decide = (command, btn) => request(container, btn, () => call(command, { request: r.id })).then((d) => {
      if (!d) return;
      settled(d.state).focus();
      status(d.state === "accepted" ? `Accepted: ${d.organisation.name} is now a partner in the project.` : `Declined the request from ${d.organisation.name}.`);
    });
    const who = () => h("span", { class: "govuk-visually-hidden", text: ` the request from ${r.organisation.name}` });
    const accept = button("Accept", () => decide("accept_join", accept), { small: true });
    const decline = button("Decline", () => decide("decline_join", decline), { secondary: true, small: true });
    accept.append(who());
    decline.append(who());
    answer.append(h("div", { class: "govuk-button-group" }, accept, decline));
  } else {
    settled(r.state);
  }
  return h("tr", { class: "govuk-table__row", dataset: { request: r.id } },
    h("th", { scope: "row", class: "govuk-table__header", text: r.organisation.name }),
    h("td", { class: "govuk-table__cell", text: r.message || "(no message)" }),
    h("td", { class: "govuk-table__cell accord-nowrap", text: r.requested_at.slice(0, 10) }),
    answer);
}

function searchSection(container, vocab) {
  const q = field({ id: "directory-words", label: "Words in the title, problem or tags", width: 20 });
  const t = field({ id: "directory-tag", label: "Tag", width: 10 });
  const phase = field({ id: "directory-phase", label: "Phase", kind: "select", options: [["", "Any"], ...choices(vocab.phases)] });
  const nation = field({ id: "directory-nation", label: "Nation", kind: "select", options: [["", "Any"], ...choices(vocab.nations)] });
  const partners = checkbox({ id: "directory-partners", label: "Only projects looking for partners" });
  const results = h("div", { id: "directory-results", "aria-live": "polite" });
  const join = h("div", { id: "join-form" });
  const go = button("Search", null, { id: "directory-search", submit: true });
  const search = () => request(container, go, () => call("directory_search", { search: {
    words: q.control.value, tags: t.control.value ? [t.control.value] : [], phase: phase.control.value, nation: nation.control.value,
    looking_for_partners: partners.control.checked,
  } }), "directory-words").then((r) => {
    if (!r) return;
    clear(join);
    if (!r.listings.length) { results.replaceChildren(h("p", { class: "govuk-body", text: "No listings match." })); return; }
    results.replaceChildren(table({ caption: `${r.listings.length} found`, head: ["Project", "Published by", "Phase", ""], id: "directory-table", rows: r.listings.map((l) => {
      const watch = button("Watch", () => request(container, watch, () => call("watch_listing", { listing: l.id })).then((w) => { if (w) { watch.textContent = "Watching"; } }), { secondary: true, small: true });
      const ask = button("Ask to join", () => showJoin(container, join, l), { secondary: true, small: true });
      return h("tr", { class: "govuk-table__row", dataset: { listing: l.id } },
        h("td", { class: "govuk-table__cell" }, h("strong", { text: l.title }), h("br"), h("span", { class: "govuk-body-s accord-muted", text: l.problem }),
          l.tags.length ? h("div", { class: "accord-tags" }, l.tags.map((x) => tag(x, "grey"))) : null),
        h("td", { class: "govuk-table__cell", text: l.owner }),
        h("td", { class: "govuk-table__cell" }, l.phase, l.looking_for_partners ? [h("br"), "Looking for partners"] : null),
        h("td", { class: "govuk-table__cell" }, h("div", { class: "govuk-button-group" }, watch, ask)));
    }) }));
  });
  return section("Search the directory", "pipeline-search",
    form({ id: "directory-form", role: "search" }, search,
      h("div", { class: "accord-filters" }, q.group, t.group), h("div", { class: "accord-filters" }, phase.group, nation.group),
      partners.group, go), results, join);
}

function showJoin(container, join, listing) {
  const message = field({ id: "join-message", label: `Why would you like to join “${listing.title}”?`, hint: `${listing.owner} reads this and accepts or declines.`, kind: "textarea", rows: 3 });
  const done = h("p", { class: "govuk-body", id: "join-done", role: "status" });
  const send = button("Send the request", null, { id: "send-join", submit: true });
  join.replaceChildren(form({ id: "join-request-form" }, () => request(container, send, () => call("join_listing", { listing: listing.id, message: message.control.value }), "join-message").then((r) => {
    if (r) done.textContent = `Asked to join as ${r.organisation.name}. The answer will be in “What is new”.`;
  }), h("h3", { class: "govuk-heading-s", text: "Ask to join" }), message.group, send), done);
  message.control.focus();
}

function followSection(container) {
  const tags = field({ id: "subscribe-tags", label: "Tags to follow", hint: "Separated by commas, such as waste, bins. New listings with them appear in “What is new”.", width: 20 });
  const said = h("p", { class: "govuk-body", id: "subscribed", role: "status" });
  const go = button("Follow these tags", null, { secondary: true, id: "subscribe", submit: true });
  return section("Follow tags", "pipeline-follow", form({ id: "follow-form" }, () => request(container, go, () => call("subscribe_tags", { tags: tags.control.value }), "subscribe-tags").then((r) => {
    if (r) said.textContent = `You follow ${r.tags.join(", ")}, and watch ${r.watching.length} ${r.watching.length === 1 ? "listing" : "listings"}.`;
  }), tags.group, go), said);
}

const KIND_SAID = {
  new_listing: (i) => `New listing with your tags: “${i.listing_title}” by ${i.organisation}`,
  status_update: (i) => `Update on “${i.listing_title}” from ${i.organisation}: ${i.text}`,
  join_request: (i) => `${i.organisation} asks to join “${i.listing_title}”: ${i.text}`,
  join_accepted: (i) => `Your request to join “${i.listing_title}” was accepted`,
  join_declined: (i) => `Your request to join “${i.listing_title}” was declined`,
};

function feedSection(container) {
  const list = h("div", { id: "feed-items", "aria-live": "polite" });
  const go = button("Read what is new", () => request(container, go, () => call("pipeline_feed")).then((f) => {
    if (!f) return;
    list.replaceChildren(f.items.length
      ? h("ul", { class: "govuk-list govuk-list--bullet" }, f.items.map((i) => h("li", { text: `${i.at.slice(0, 10)}: ${KIND_SAID[i.kind](i)}` })))
      : h("p", { class: "govuk-body", text: "Nothing new since you last looked." }));
  }), { secondary: true, id: "read-feed" });
  return section("What is new", "pipeline-feed", go, list);
}
