// tilint serve: findings appear as the writer types. Everything stays on this computer: the
// note goes only to the page's own server (same origin), and nothing is stored.
"use strict";

(() => {
  const note = document.getElementById("note");
  const mirror = document.getElementById("mirror");
  const list = document.getElementById("list");
  const status = document.getElementById("status");
  const notes = document.getElementById("notes");
  const filter = document.getElementById("filter");
  const legend = document.getElementById("legend");
  const copied = document.getElementById("copied");
  const hidden = new Set();  // categories the writer chose not to see
  let findings = [];  // the findings of linted, the text they were found in
  let linted = "";
  let units = [0];  // UTF-16 index of each character (code point) of linted
  let timer = 0;
  let asked = 0;  // the number of the last request sent; older answers are dropped

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
    for (const child of children) node.append(child);
    return node;
  }

  // The server counts characters (code points); a textarea counts UTF-16 units.
  function unitIndex(text) {
    const index = [0];
    let unit = 0;
    for (const character of text) { unit += character.length; index.push(unit); }
    return index;
  }

  function lintSoon() {
    clearTimeout(timer);
    timer = setTimeout(lint, 150);
  }

  async function lint() {
    const text = note.value;
    const number = ++asked;
    let answer;
    try {
      const response = await fetch("/api/lint", {
        method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify({text}),
      });
      answer = await response.json();
      if (!response.ok) throw new Error(answer.error || response.statusText);
    } catch (error) {
      if (number === asked) status.textContent = "The page could not check this note: " + error.message;
      return;
    }
    if (number !== asked || text !== note.value) return;  // the writer has typed since: a newer answer follows
    findings = answer.findings;
    linted = text;
    units = unitIndex(text);
    notes.textContent = answer.notes.join(" ");
    render();
  }

  function shown() {
    return findings.map((finding, number) => ({finding, number})).filter(({finding}) => !hidden.has(finding.category));
  }

  function render() {
    const visible = shown();
    drawMirror(visible);
    list.replaceChildren(...visible.map(({finding, number}) => item(finding, number)));
    const count = visible.length;
    const all = findings.length;
    const said = count === 1 ? "1 finding" : `${count} findings`;
    status.textContent = all === 0 ? (linted.trim() ? "Nothing to look at in this note." : "Nothing found yet.")
      : count === all ? said + "." : `${said} shown of ${all}.`;
  }

  function drawMirror(visible) {
    const parts = [];
    let at = 0;
    for (const {finding, number} of [...visible].sort((a, b) => a.finding.start - b.finding.start)) {
      if (finding.start < at) continue;  // overlapping: the list still shows it
      parts.push(linted.slice(units[at], units[finding.start]));
      parts.push(el("mark", {class: finding.severity, id: `m-${number}`}, linted.slice(units[finding.start], units[finding.end])));
      at = finding.end;
    }
    parts.push(linted.slice(units[at]) + "\n");  // a last empty line takes room in the textarea too
    mirror.replaceChildren(...parts);
    mirror.scrollTop = note.scrollTop;
  }

  function item(finding, number) {
    const message = el("p", {class: "message", id: `msg-${number}`}, finding.message);
    const where = el("p", {class: "where"}, `Line ${finding.line}, column ${finding.column} · ${finding.category} · ${finding.severity} · `,
      el("mark", {class: finding.severity, "aria-describedby": `msg-${number}`}, linted.slice(units[finding.start], units[finding.end])));
    const show = el("button", {type: "button", class: "show"}, "Show in the note");
    show.addEventListener("click", () => select(finding.start, finding.end));
    const choices = el("div", {class: "alternatives", role: "group", "aria-label": "Alternatives"});
    const replacements = finding.alternatives.filter((alternative) => alternative.kind === "replacement");
    const advice = finding.alternatives.filter((alternative) => alternative.kind !== "replacement");
    if (replacements.length) choices.append(el("span", {class: "label"}, "Replace with:"));
    for (const alternative of replacements) {
      const button = el("button", {type: "button", class: "replacement", title: "Put this in the note"}, alternative.label || alternative.with || alternative.text);  // what will be written, fitted to the sentence
      button.addEventListener("click", () => replace(alternative));
      choices.append(button);
    }
    if (advice.length) {
      choices.append(el("span", {class: "label"}, "Consider:"),
        el("ul", {class: "advice"}, ...advice.map((alternative) => el("li", {}, alternative.text))));
    }
    const why = finding.why ? el("p", {class: "why"}, el("strong", {}, "Why: "), finding.why) : "";
    return el("li", {class: finding.severity, id: `f-${number}`}, where, message, why, choices, show);
  }

  function select(start, end) {
    note.focus();
    note.setSelectionRange(units[start], units[end]);
  }

  function replace(alternative) {
    if (note.value !== linted) { lint(); return; }  // changed since: check again first
    note.focus();
    note.setRangeText(alternative.with, units[alternative.start], units[alternative.end], "end");
    lint();
  }

  async function copy() {
    try {
      await navigator.clipboard.writeText(note.value);
      copied.textContent = "Copied.";
    } catch (error) {
      note.focus();
      note.select();
      copied.textContent = "Copying was not allowed here: the note is selected, press Ctrl+C.";
    }
    setTimeout(() => { copied.textContent = ""; }, 4000);
  }

  async function start() {
    const meta = await (await fetch("/api/meta")).json();
    for (const category of meta.categories) {
      const box = el("input", {type: "checkbox", value: category});
      box.checked = true;
      box.addEventListener("change", () => { box.checked ? hidden.delete(category) : hidden.add(category); render(); });
      filter.append(el("label", {}, box, category));
    }
    legend.append(...meta.severities.map((severity) => el("span", {}, el("span", {class: `swatch ${severity}`}), severity)));
  }

  note.addEventListener("input", lintSoon);
  note.addEventListener("scroll", () => { mirror.scrollTop = note.scrollTop; });
  document.getElementById("copy").addEventListener("click", copy);
  start();
  if (note.value) lint();
})();
