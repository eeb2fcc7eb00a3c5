// The encoding workbench's page: plain JavaScript, no library, nothing fetched from anywhere else.
//
// Offsets: the server sends each piece of the text with its start in UTF-16 units (what a browser's
// Selection API counts in); a selection's ends are read as a piece's start plus the offset inside its
// text node, and sent as they are. The server turns them into code points (the only unit saved) and
// sends back the exact words and offsets it will save. This page does no Unicode arithmetic.
//
// Every value from the data reaches the page as text (textContent, attribute values): never as HTML.
"use strict";

(() => {
  const token = document.querySelector('meta[name="crocus-token"]').content;
  let state = null;      // /api/state
  let forms = null;      // /api/forms
  let selection = null;  // the last selection the server read: {start, end, start_utf16, end_utf16, quote, ...}

  // ---- small helpers ---------------------------------------------------------------------------

  const $ = (selector, root = document) => root.querySelector(selector);

  function el(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "text") node.textContent = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children) {
      if (child !== null && child !== undefined) node.append(child);
    }
    return node;
  }

  async function api(path, body) {
    const options = { headers: { Authorization: `token ${token}` } };
    if (body !== undefined) {
      options.method = "POST";
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    const response = await fetch(path, options);
    const data = await response.json().catch(() => ({ error: `${response.status} ${response.statusText}` }));
    if (!response.ok) throw new Error(data.error || `${response.status} ${response.statusText}`);
    return data;
  }

  function clip(text, size = 120) {
    return text.length <= size ? text : `${text.slice(0, size - 1)}…`;
  }

  // Search folds case and accents: "bena quill" finds "Ben̈a Q̇uill". A record's search text comes folded the same
  // way (annotate.records.fold): its id, its whole label and detail and its own words, not only what the list shows.
  function fold(text) {
    return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  }

  function tableName(table) {
    return forms[table].title.split(":")[0];
  }

  function notice(message) {
    const panel = $("#result-panel");
    panel.hidden = false;
    panel.replaceChildren(el("p", { class: "error", role: "alert", text: message }));
  }

  // ---- the text --------------------------------------------------------------------------------

  function renderText() {
    const box = $("#source-text");
    const todo = new Set(state.sentences.filter((s) => s.todo).map((s) => s.number));
    const nodes = state.pieces.map((piece) => {
      const words = state.text.slice(piece.start_utf16, piece.end_utf16);
      const marked = piece.spans.length > 0;
      const node = el(marked ? "mark" : "span", { "data-u16": piece.start_utf16, text: words });
      if (marked) {
        node.className = `ev depth-${Math.min(piece.spans.length, 3)}`;
        node.dataset.ev = piece.spans.join(" ");
        node.title = "Click to see the records these words back";
      }
      if (piece.sentence !== null) {
        node.dataset.sentence = piece.sentence;
        if (todo.has(piece.sentence)) node.classList.add("todo");
      }
      return node;
    });
    box.replaceChildren(...nodes);
    const done = state.sentences.length - todo.size;
    $("#progress").textContent =
      `${done} of ${state.sentences.length} sentences back a record or are explained` +
      (todo.size ? `; ${todo.size} to do (marked).` : ": every sentence is done.");
  }

  // The UTF-16 position of a selection boundary (node, offset), or null when it is outside the text.
  function position(node, offset) {
    const box = $("#source-text");
    if (node.nodeType === Node.TEXT_NODE) {
      const piece = node.parentElement;
      if (!piece || piece === box || !box.contains(piece)) return null;
      return Number(piece.dataset.u16) + offset;
    }
    if (node === box) {
      const child = box.childNodes[offset];
      return child ? Number(child.dataset.u16) : state.text.length;
    }
    if (box.contains(node) && node.dataset && node.dataset.u16 !== undefined) {
      return Number(node.dataset.u16) + (offset > 0 ? node.textContent.length : 0);
    }
    const where = box.compareDocumentPosition(node);
    if (where & Node.DOCUMENT_POSITION_PRECEDING) return 0;
    if (where & Node.DOCUMENT_POSITION_FOLLOWING) return state.text.length;
    return null;
  }

  // A DOM range over UTF-16 positions of the text, to highlight what will be saved.
  function rangeOf(start, end) {
    const box = $("#source-text");
    const at = (unit) => {
      for (const node of box.childNodes) {
        const from = Number(node.dataset.u16);
        const length = node.textContent.length;
        if (unit <= from + length) return [node.firstChild || node, unit - from];
      }
      return [box, box.childNodes.length];
    };
    const range = document.createRange();
    range.setStart(...at(start));
    range.setEnd(...at(end));
    return range;
  }

  function highlight(name, start, end) {
    if (!window.CSS || !CSS.highlights) return;
    if (start === null) CSS.highlights.delete(name);
    else CSS.highlights.set(name, new Highlight(rangeOf(start, end)));
  }

  // The words selected in the text now, as UTF-16 positions (null: none, or not in the text).
  function selectedNow() {
    const chosen = window.getSelection();
    if (!chosen || chosen.rangeCount === 0 || chosen.isCollapsed) return null;
    const range = chosen.getRangeAt(0);
    const start = position(range.startContainer, range.startOffset);
    const end = position(range.endContainer, range.endOffset);
    return start === null || end === null || start === end ? null : { start, end };
  }

  // A selection is read by the server (its words, in code points), which takes a moment, longer while a save is
  // checked. Until the answer comes, the panel says that what it shows is the previous selection, and nothing
  // that would use it can be pressed: a fast hand (or a script) never saves the previous words by mistake.
  let stale = false;
  function setStale(value) {
    stale = value;
    $("#selection-panel").dataset.stale = String(value);
    $("#selection-stale").hidden = !value;
    for (const button of document.querySelectorAll("#table-buttons button, #attach-button, #nothing-button, " +
      ".use-selection, input[name='__attach']")) button.disabled = value;
  }

  let pending = null;
  let asked = 0;      // the number of the last selection sent to the server; an older answer is dropped
  let shown = null;   // the positions of the selection the panel shows, as the page read them
  function selectionChanged() {
    const now = selectedNow();
    if (now && !(shown && shown.start === now.start && shown.end === now.end)) setStale(true);
    clearTimeout(pending);
    pending = setTimeout(readSelection, 120);
  }

  async function readSelection() {
    const now = selectedNow();
    if (!now) {
      setStale(false); // the selection went before it was read: the last one stays, and is what the panel shows
      return;
    }
    const number = ++asked;
    let found;
    try {
      found = await api("/api/selection", { start_utf16: now.start, end_utf16: now.end });
    } catch (error) {
      found = null; // white space only, or outside the text: the last selection stays
    }
    if (number !== asked) return; // a newer selection was made meanwhile: its answer is the one to show
    if (found) {
      selection = found;
      shown = now;
      showSelection();
    }
    setStale(false);
  }

  function showSelection() {
    $("#selection-empty").hidden = true;
    $("#selection-body").hidden = false;
    $("#selection-quote").textContent = `“${selection.quote}”`;
    const times = selection.occurrences > 1 ? ` These words occur ${selection.occurrences} times; this one is saved.` : "";
    $("#selection-where").textContent =
      `Characters ${selection.start} to ${selection.end} of ${state.source_id} (code points), ` +
      `sentence ${selection.sentences.join(", ")}.${times}`;
    highlight("selected", selection.start_utf16, selection.end_utf16);
    for (const quote of document.querySelectorAll(".attach-quote")) quote.textContent = `“${clip(selection.quote, 60)}”`;
  }

  // ---- sentences -------------------------------------------------------------------------------

  function renderSentences() {
    const items = state.sentences.map((sentence) => {
      let status;
      if (sentence.records.length) {
        const name = (r) => (r.id === state.source_id ? "the document's row" : r.label);
        status = `backs ${sentence.records.map(name).join("; ")}`;
      } else if (sentence.reason) {
        status = `encodes nothing: ${sentence.reason}`;
      } else {
        status = "to do: backs nothing and has no note";
      }
      const show = el("button", { type: "button", class: "link", text: `${sentence.number}. ${clip(sentence.text, 90)}` });
      show.addEventListener("click", () => {
        const piece = $(`#source-text [data-sentence="${sentence.number}"]`);
        if (piece) piece.scrollIntoView({ block: "center" });
      });
      const item = el("li", { class: sentence.todo ? "todo-item" : "", "data-sentence": sentence.number }, show,
        el("span", { class: "status", text: status }));
      if (sentence.todo) {
        item.append(el("button", { type: "button", class: "small", text: "Encodes nothing…",
          onclick: () => openNote(sentence) }));
      }
      if (sentence.reason) {
        if (sentence.records.length) {
          item.append(el("span", { class: "status leftover", text: `Its note is no longer needed: ${sentence.reason}` }));
        }
        item.append(el("button", { type: "button", class: "small remove-note", text: "Remove the note…",
          onclick: () => openRemoveNote(sentence) }));
      }
      return item;
    });
    $("#sentence-list").replaceChildren(...items);
  }

  function openNote(sentence) {
    const reason = el("textarea", { name: "reason", rows: 2, required: true, "aria-describedby": "note-help" });
    const problems = el("ul", { class: "problems" });
    const form = el("form", { id: "note-form", class: "record-form" },
      el("h2", { text: `Sentence ${sentence.number} encodes nothing` }),
      el("blockquote", { class: "quote", text: sentence.text }),
      el("label", { text: "Why (in a few words)" }), reason,
      el("p", { id: "note-help", class: "help", text: "A headline repeated, a byline, a sentence about the document " +
        "itself… The note is written to coverage_notes.csv, naming the sentence by its first words: " +
        `“${sentence.key}”.` }),
      problems,
      el("p", { class: "actions" }, el("button", { type: "submit", text: "Save the note" }),
        el("button", { type: "button", text: "Cancel", onclick: closeWork })));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      await submit("/api/note", { sentence: sentence.number, reason: reason.value }, form, problems);
    });
    showWork(form);
    reason.focus();
  }

  // A removal: what goes, why it needs no tombstone, and a button; the save is checked like any other.
  function openRemoval(id, heading, quote, help, path, body) {
    const problems = el("ul", { class: "problems" });
    const form = el("form", { id, class: "record-form" }, el("h2", { text: heading }),
      el("blockquote", { class: "quote", text: quote }), el("p", { class: "help", text: help }), problems,
      el("p", { class: "actions" }, el("button", { type: "submit", text: "Check and remove" }),
        el("button", { type: "button", text: "Cancel", onclick: closeWork })));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      await submit(path, body, form, problems);
    });
    showWork(form);
  }

  function openRemoveNote(sentence) {
    openRemoval("remove-note-form", `Remove the note on sentence ${sentence.number}`, sentence.reason,
      "A note is no record: removing it retires nothing. A sentence that backs no record is then to do again " +
      "(marked in the text).", "/api/remove-note", { sentence: sentence.number });
  }

  function openRemoveSpan(span) {
    openRemoval("remove-span-form", "Remove these words from the record", span.quote,
      `They stop backing ${span.record.label} (${span.evidence_id}). They were added after the last release, so ` +
      "removing them retires nothing and needs no tombstone. A record needs at least one span: if these are its " +
      "only words, the check refuses, as crocus-data validate would.", "/api/remove-span",
      { evidence_id: span.evidence_id });
  }

  // ---- forms -----------------------------------------------------------------------------------

  function showWork(node) {
    $("#work-panel").replaceChildren(node);
    node.scrollIntoView({ block: "nearest" });
  }

  function closeWork() {
    $("#work-panel").replaceChildren();
    highlight("evidence", null);
  }

  const SLUG_FIELDS = ["label", "name", "wording", "place", "value", "description", "summary"];

  function openForm(table, { cells = null, replaces = null } = {}) {
    const form = forms[table];
    const words = replaces ? null : selection;
    const general = el("ul", { class: "problems", id: "form-problems" });
    const node = el("form", { id: "record-form", class: "record-form", "data-table": table, novalidate: true },
      el("h2", { text: replaces ? `Edit: ${tableName(table)}` : `New: ${tableName(table)}` }),
      el("p", { class: "what", text: `${form.what} Use it when ${form.when}.` }), general);
    if (words) {
      highlight("evidence", words.start_utf16, words.end_utf16);
      node.append(el("div", { class: "evidence-box", "data-role": "evidence" },
        el("p", { class: "label", text: "Its words (the evidence quote)" }),
        el("blockquote", { class: "quote", text: words.quote }),
        el("p", { class: "where", text: `characters ${words.start} to ${words.end} of ${state.source_id}` }),
        el("ul", { class: "field-problems" })));
    }
    let attach = null;
    if (replaces) { // the words a verbatim cell needs can be added with the edit (the selection at the time of saving)
      attach = el("input", { type: "checkbox", name: "__attach", disabled: !selection || stale });
      node.append(el("label", { class: "attach" }, attach, " Also save the selected words as evidence of this record: ",
        el("span", { class: "attach-quote", text: selection ? `“${clip(selection.quote, 60)}”` : "(select them first)" })));
    }
    const values = cells || {};
    const key = keyField(form, values[form.key] || "", Boolean(replaces), words);
    node.append(key.node);
    const groups = new Map(form.groups.map((group) => [group.name, group]));
    const drawn = new Set();
    for (const field of form.fields) {
      if (field.name === form.key) continue;
      if (field.group) {
        if (drawn.has(field.group)) continue;
        drawn.add(field.group);
        node.append(dateGroup(groups.get(field.group), form.fields.filter((f) => f.group === field.group), values));
        continue;
      }
      let value = values[field.name];
      if (value === undefined && words && field.verbatim && field.required) value = words.quote;
      node.append(fieldNode(field, value || "", key));
    }
    node.append(el("p", { class: "actions" }, el("button", { type: "submit", text: "Check and save" }),
      el("button", { type: "button", text: "Cancel", onclick: closeWork })));
    node.addEventListener("submit", async (event) => {
      event.preventDefault();
      await key.ready(); // an id still being suggested (a slow machine, a quick hand) is part of what is saved
      const body = { table, cells: collect(node, form), replaces };
      if (words) body.selection = { start_utf16: words.start_utf16, end_utf16: words.end_utf16 };
      if (attach && attach.checked) {
        if (stale) {
          general.replaceChildren(el("li", { text: "The new selection is still being read: save again in a moment." }));
          return;
        }
        body.selection = { start_utf16: selection.start_utf16, end_utf16: selection.end_utf16 };
      }
      await submit("/api/save", body, node, general);
    });
    showWork(node);
    if (!replaces) key.suggest();
  }

  function fieldShell(field, widget, extra = []) {
    const id = `field-${field.name}`;
    const label = el("label", { for: id, text: field.name + (field.required ? " *" : "") });
    if (widget.id === "" || widget.id === undefined) widget.id = id;
    return el("div", { class: "field", "data-name": field.name }, label,
      el("p", { class: "description", text: field.description }), widget, ...extra,
      field.help ? el("p", { class: "help", text: field.help }) : null,
      el("ul", { class: "field-problems" }));
  }

  function keyField(form, value, locked, words) {
    const input = el("input", { name: form.key, id: `field-${form.key}`, value, readonly: locked, spellcheck: "false",
      autocomplete: "off" });
    let edited = locked;
    input.addEventListener("input", () => { edited = true; });
    const field = { name: form.key, required: true, help: null,
      description: `The record's id: ${form.prefix}- and lower-case words joined by hyphens (${form.key_pattern}). ` +
        "Suggested from the words; never reuse one." };
    let pending = Promise.resolve(); // the id being suggested: a save waits for it, so it never sends an empty id
    function suggest(from) {
      if (edited || !form.prefix) return pending;
      const source = from || (words ? words.quote : "");
      pending = (async () => {
        try {
          const found = await api("/api/new-id", { table: form.table, words: source });
          if (!edited) input.value = found.id;
        } catch (error) { /* keep what is there */ }
      })();
      return pending;
    }
    const ready = () => pending;
    return { node: fieldShell(field, input), suggest, ready,
      slugFrom: SLUG_FIELDS.find((n) => form.fields.some((f) => f.name === n)) };
  }

  function fieldNode(field, value, key) {
    if (field.tool_written) {
      return fieldShell(field, el("input", { name: field.name, value, readonly: true }));
    }
    if (field.references) return fieldShell(field, recordPicker([field.references], field.name, value));
    if (field.kind === "enum") return choicesNode(field, value);
    if (field.kind === "boolean") {
      const box = el("input", { type: "checkbox", name: field.name, checked: value === "true" });
      return fieldShell(field, box);
    }
    if (field.kind === "integer") {
      return fieldShell(field, el("input", { name: field.name, value, inputmode: "numeric", autocomplete: "off" }));
    }
    if (field.kind === "date") return fieldShell(field, el("input", { type: "date", name: field.name, value }));
    const area = el("textarea", { name: field.name, rows: field.verbatim ? 2 : 3, spellcheck: field.verbatim ? "false" : "true" });
    area.value = value;
    if (key && field.name === key.slugFrom) area.addEventListener("input", () => key.suggest(area.value));
    const extra = [];
    if (field.verbatim) {
      extra.push(el("button", { type: "button", class: "small use-selection", text: "Use selection", disabled: stale,
        onclick: () => { if (selection && !stale) { area.value = selection.quote; area.dispatchEvent(new Event("input")); } } }));
    }
    return fieldShell(field, area, extra);
  }

  function choicesNode(field, value) {
    const id = `field-${field.name}`;
    const options = field.choices.map((choice) => el("label", { class: "choice" },
      el("input", { type: "radio", name: field.name, value: choice.value, checked: value === choice.value }),
      el("span", { class: "value", text: choice.value }), el("span", { class: "definition", text: choice.definition })));
    if (!field.required) {
      options.unshift(el("label", { class: "choice" },
        el("input", { type: "radio", name: field.name, value: "", checked: value === "" }),
        el("span", { class: "value", text: "(none)" })));
    }
    const set = el("fieldset", { class: "choices", id }, el("legend", { class: "sr-only", text: field.name }), ...options);
    return fieldShell(field, set);
  }

  function dateGroup(group, fields, values) {
    return el("fieldset", { class: "date-group", "data-group": group.name },
      el("legend", { text: `${group.name}: ${group.description}` }),
      el("p", { class: "help", text: group.help }),
      ...fields.map((field) => fieldNode(field, values[field.name] || "", null)));
  }

  // A foreign key: search the records by what a reader calls them; the id is never typed.
  function recordPicker(tables, name, value, onPick) {
    const hidden = el("input", { type: "hidden", name, value: value || "" });
    const chosen = el("p", { class: "chosen" });
    const search = el("input", { type: "search", placeholder: "Search by name or words…", autocomplete: "off",
      "aria-label": `${name}: search ${tables.join(", ")}` });
    const results = el("ul", { class: "picker-results" });
    const wrap = el("div", { class: "picker" }, hidden, chosen, search, results);
    function describe() {
      const found = state.choices.find((c) => c.id === hidden.value);
      chosen.replaceChildren();
      if (!hidden.value) {
        chosen.append(el("span", { class: "none", text: "(none chosen)" }));
        return;
      }
      chosen.append(el("span", { class: "picked", text: found ? found.label : hidden.value }),
        el("span", { class: "detail", text: found ? ` — ${tableName(found.table)}, ${found.detail}` : "" }),
        el("button", { type: "button", class: "small", text: "Clear", onclick: () => pick(null) }));
    }
    function pick(choice) {
      hidden.value = choice ? choice.id : "";
      search.value = "";
      results.replaceChildren();
      describe();
      if (onPick) onPick(choice);
    }
    function list() {
      const words = fold(search.value).split(/\s+/).filter(Boolean);
      const found = state.choices.filter((c) => tables.includes(c.table) &&
        words.every((w) => c.search.includes(w))).slice(0, 12);
      results.replaceChildren(...found.map((choice) => el("li", {},
        el("button", { type: "button", class: "pick", onclick: () => pick(choice) },
          el("span", { class: "label", text: choice.label }), el("span", { class: "detail", text: choice.detail })))));
      if (!found.length && words.length) results.append(el("li", { class: "none", text: "No record matches." }));
    }
    search.addEventListener("input", list);
    search.addEventListener("focus", list);
    describe();
    wrap.id = `field-${name}-picker`;
    return wrap;
  }

  function collect(node, form) {
    const cells = {};
    for (const field of form.fields) {
      const inputs = node.querySelectorAll(`[name="${field.name}"]`);
      if (!inputs.length) continue;
      const first = inputs[0];
      if (first.type === "radio") {
        const checked = [...inputs].find((input) => input.checked);
        cells[field.name] = checked ? checked.value : "";
      } else if (first.type === "checkbox") {
        cells[field.name] = first.checked ? "true" : "false";
      } else {
        cells[field.name] = first.value;
      }
    }
    return cells;
  }

  // ---- saving ----------------------------------------------------------------------------------

  async function submit(path, body, node, general) {
    for (const list of node.querySelectorAll(".problems, .field-problems")) list.replaceChildren();
    $("#result-panel").hidden = true; // the last save's result is not this one's
    const button = node.querySelector('button[type="submit"]');
    const label = button.textContent;
    button.disabled = true;
    button.textContent = "Checking…";
    let outcome;
    try {
      outcome = await api(path, body);
    } catch (error) {
      general.append(el("li", { text: error.message }));
      button.disabled = false;
      button.textContent = label;
      return;
    }
    button.disabled = false;
    button.textContent = label;
    if (!outcome.saved) {
      showProblems(node, general, outcome.problems);
      return;
    }
    closeWork();
    await refresh(); // the text, its marks and the records as the save left them, then what it changed
    showResult(outcome);
  }

  function showProblems(node, general, problems) {
    for (const problem of problems) {
      const item = el("li", { text: problem.line });
      item.append(el("span", { class: "fix", text: ` Fix: ${problem.fix}` }));
      if (problem.how) item.append(el("span", { class: "how", text: ` ${problem.how}` }));
      let target = null;
      if (problem.role === "record" && problem.column) {
        target = node.querySelector(`.field[data-name="${CSS.escape(problem.column)}"] .field-problems`);
      } else if (problem.role === "evidence") {
        target = node.querySelector('[data-role="evidence"] .field-problems');
      }
      (target || general).append(item);
    }
    const first = node.querySelector(".field-problems li, .problems li");
    if (first) first.closest(".field, .evidence-box, form").scrollIntoView({ block: "center" });
  }

  function showResult(outcome) {
    const panel = $("#result-panel");
    panel.hidden = false;
    const parts = [el("h2", { text: "Saved: what this save changed" })];
    for (const change of outcome.changes) {
      const done = { added: "Added", replaced: "Replaced", removed: "Removed" }[change.action];
      parts.push(el("p", { class: "change", text: `${done} line ${change.line} of ${change.file}` }));
      const rows = Object.entries(change.cells).filter(([name, value]) =>
        change.before ? change.before[name] !== value : value !== "");
      parts.push(el("dl", { class: "cells" }, ...rows.flatMap(([name, value]) => [el("dt", { text: name }),
        el("dd", { text: change.before ? `${change.before[name] || "(empty)"} → ${value || "(empty)"}` : value })])));
    }
    if (outcome.remaining) {
      parts.push(el("p", { class: "remaining", text: `${outcome.remaining} problem(s) the package had before this save ` +
        "remain (the sentences still to do, say)." }));
    }
    parts.push(el("p", { class: "help", text: "When the document is done: add the changelog line, then run crocus-data " +
      "build, crocus-data validate ., crocus-data gate last-release . and pytest in the checkout." }));
    panel.replaceChildren(...parts);
    panel.scrollIntoView({ block: "nearest" });
  }

  // ---- records already encoded -----------------------------------------------------------------

  function openAttach() {
    if (!selection) return;
    const problems = el("ul", { class: "problems" });
    const picker = recordPicker(Object.keys(forms).filter((t) => forms[t].selectable || t === "sources"),
      "record_id", "", null);
    const form = el("form", { id: "attach-form", class: "record-form" },
      el("h2", { text: "More words about a record already encoded" }),
      el("blockquote", { class: "quote", text: selection.quote }),
      el("p", { class: "help", text: "A document that repeats an actor, a statement or a figure gets one more evidence " +
        "span for the record, not a new record. Search for the record:" }),
      picker, problems,
      el("p", { class: "actions" }, el("button", { type: "submit", text: "Check and save" }),
        el("button", { type: "button", text: "Cancel", onclick: closeWork })));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const recordId = form.querySelector('[name="record_id"]').value;
      if (!recordId) {
        problems.replaceChildren(el("li", { text: "Choose the record first." }));
        return;
      }
      await submit("/api/span", { record_id: recordId,
        selection: { start_utf16: selection.start_utf16, end_utf16: selection.end_utf16 } }, form, problems);
    });
    showWork(form);
  }

  function openNothing() {
    if (!selection) return;
    const sentence = state.sentences.find((s) => selection.sentences.includes(s.number) && s.todo) ||
      state.sentences.find((s) => selection.sentences.includes(s.number));
    if (sentence) openNote(sentence);
  }

  function showRecordsAt(mark) {
    const ids = mark.dataset.ev.split(" ");
    const spans = state.spans.filter((span) => ids.includes(span.evidence_id));
    const items = spans.map((span) => el("li", { "data-evidence": span.evidence_id },
      el("span", { class: "label", text: span.record.label }),
      el("span", { class: "detail", text: ` — ${span.record.table ? tableName(span.record.table) : ""}: “${clip(span.quote, 80)}” ` }),
      el("button", { type: "button", class: "small", text: "Edit", onclick: () => editRecord(span.record_id) }),
      span.released
        ? el("p", { class: "help released", text: `These words back it in release ${state.release}: a released ` +
          "span is never deleted, only retired with a tombstone, by hand (docs/encoding.md, Retiring a record)." })
        : el("button", { type: "button", class: "small remove-span", text: "Remove these words…",
          onclick: () => openRemoveSpan(span) })));
    showWork(el("div", { class: "record-form" }, el("h2", { text: "These words back" }), el("ul", { class: "backs" }, ...items),
      el("p", { class: "actions" }, el("button", { type: "button", text: "Close", onclick: closeWork }))));
  }

  async function editRecord(recordId) {
    try {
      const found = await api(`/api/record?id=${encodeURIComponent(recordId)}`);
      openForm(found.table, { cells: found.cells, replaces: recordId });
    } catch (error) {
      notice(error.message);
    }
  }

  // ---- start -----------------------------------------------------------------------------------

  async function refresh() {
    state = await api("/api/state");
    $("#title").textContent = state.heading;
    renderText();
    renderSentences();
    if (selection) highlight("selected", selection.start_utf16, selection.end_utf16);
  }

  async function start() {
    forms = await api("/api/forms");
    await refresh();
    const selectable = Object.values(forms).filter((form) => form.selectable).sort((a, b) => a.order - b.order);
    const buttons = selectable.map((form) =>
      el("button", { type: "button", class: "table-button", "data-table": form.table, title: `Use it when ${form.when}`,
        text: tableName(form.table), onclick: () => openForm(form.table) }));
    $("#table-buttons").replaceChildren(...buttons);
    $("#attach-button").addEventListener("click", openAttach);
    $("#nothing-button").addEventListener("click", openNothing);
    $("#edit-source-button").addEventListener("click", () => editRecord(state.source_id));
    document.addEventListener("selectionchange", selectionChanged);
    $("#source-text").addEventListener("click", (event) => {
      const mark = event.target.closest("mark.ev");
      if (mark && window.getSelection().isCollapsed) showRecordsAt(mark);
    });
    document.body.dataset.ready = "true";
  }

  start().catch((error) => notice(`The workbench could not start: ${error.message}`));
})();
