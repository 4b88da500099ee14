extension PageAssets {
    /// The page's script: plain DOM, fetch and EventSource. Every text from
    /// the server goes in through textContent or value, never as markup.
    static let script = #"""
"use strict";
(function () {
  const T = {
    en: {
      skip: "Skip to content", title: "CareFlow what-if workbench",
      lead: "Pick a baseline, change a few knobs, run, and compare. Every result here can be reproduced with careflow compare on the downloaded files.",
      baseline: "Baseline", baselineLabel: "Baseline scenario", whatifs: "What-ifs", addKnobs: "Add a what-if with knobs", or: "or",
      whatifFile: "What-if file", addFile: "Add the file", run: "Run", replications: "Replications", seed: "Seed", runButton: "Run",
      cancel: "Cancel", results: "Results", reference: "Reference scenario",
      reproduce: "Reproduce from the command line (in the served folder, with the what-if files saved next to the baseline):",
      footer: "CareFlow runs on this computer; nothing is sent elsewhere.", lang: "Svenska", langLabel: "Svenska (Swedish)",
      name: "Name", remove: "Remove", fileWhatIf: "What-if file", knobWhatIf: "What-if", base: "baseline", more: "More knobs",
      none: "(none)", noWhatIf: "Add at least one what-if.", queued: "Waiting in the queue: place {p} ({r} running).",
      running: "Running: {d} of {t} replications.", done: "Done: {t} replications in {s} s (results shown {w} s after pressing Run).",
      cancelled: "Cancelled.", failed: "The run failed.", starting: "Sending the run…", dlReport: "Report (report.html)", dlXlsx: "Spreadsheet (XLSX)", downloads: "Download",
      referenceNote: "Another reference re-renders the same results against it; nothing is run again.",
      contents: "Contents", loadingView: "Rendering the results…",
      dlYaml: "What-if file {f}", changed: "changed", automatic: "Offered automatically: this scenario declares no inputs.",
    },
    sv: {
      skip: "Hoppa till innehållet", title: "CareFlow – verkstad för vad-händer-om",
      lead: "Välj en baslinje, ändra några reglage, kör och jämför. Varje resultat här kan återskapas med careflow compare på de nedladdade filerna.",
      baseline: "Baslinje", baselineLabel: "Baslinjescenario", whatifs: "Vad händer om", addKnobs: "Lägg till ett alternativ med reglage", or: "eller",
      whatifFile: "Alternativfil", addFile: "Lägg till filen", run: "Kör", replications: "Replikeringar", seed: "Slumpfrö", runButton: "Kör",
      cancel: "Avbryt", results: "Resultat", reference: "Referensscenario",
      reproduce: "Återskapa från kommandoraden (i den delade mappen, med alternativfilerna sparade bredvid baslinjen):",
      footer: "CareFlow körs på den här datorn; inget skickas någon annanstans.", lang: "English", langLabel: "English (engelska)",
      name: "Namn", remove: "Ta bort", fileWhatIf: "Alternativfil", knobWhatIf: "Alternativ", base: "baslinje", more: "Fler reglage",
      none: "(ingen)", noWhatIf: "Lägg till minst ett alternativ.", queued: "Väntar i kön: plats {p} ({r} körs).",
      running: "Kör: {d} av {t} replikeringar.", done: "Klart: {t} replikeringar på {s} s (resultat visat {w} s efter Kör).",
      cancelled: "Avbruten.", failed: "Körningen misslyckades.", starting: "Skickar körningen…", dlReport: "Rapport (report.html)", dlXlsx: "Kalkylblad (XLSX)", downloads: "Ladda ned",
      referenceNote: "En annan referens visar samma resultat jämförda mot den; inget körs om.",
      contents: "Innehåll", loadingView: "Visar resultaten…",
      dlYaml: "Alternativfil {f}", changed: "ändrad", automatic: "Erbjuds automatiskt: scenariot anger inga reglage.",
    }
  };
  // The toggle's last choice, else the server's (--lang or the browser's Accept-Language), as the report does.
  let lang = (localStorage.getItem("careflow-lang") || document.documentElement.lang || "en") === "sv" ? "sv" : "en";
  const $ = (id) => document.getElementById(id);
  const csrf = document.querySelector('meta[name="careflow-csrf"]').getAttribute("content");
  const state = { scenarios: [], knobs: null, cards: [], job: null, source: null, pressed: 0 };
  window.careflow = state;

  function t(key, vars) {
    let s = (T[lang] && T[lang][key]) || T.en[key] || key;
    for (const k in (vars || {})) s = s.split("{" + k + "}").join(String(vars[k]));
    return s;
  }
  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const k in (attrs || {})) {
      if (k === "className") e.className = attrs[k]; else e.setAttribute(k, attrs[k]);
    }
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function translate() {
    document.documentElement.lang = lang;
    document.querySelectorAll("[data-i18n]").forEach((e) => { e.textContent = t(e.getAttribute("data-i18n")); });
    $("lang").textContent = t("lang");
    $("lang").setAttribute("aria-label", t("langLabel"));
    renderCards();
    if (state.lastStatus) showStatus(state.lastStatus);
    if (state.shown) showView(state.shown.job, state.shown.reference);
  }
  function showError(msg) {
    const e = $("error");
    if (!msg) { e.hidden = true; e.textContent = ""; return; }
    e.textContent = msg;
    e.hidden = false;
  }
  async function api(path, opts) {
    opts = opts || {};
    const headers = { "Accept": "application/json" };
    if (opts.body !== undefined) { headers["Content-Type"] = "application/json"; headers["X-CareFlow-CSRF"] = csrf; }
    if (opts.method === "POST") headers["X-CareFlow-CSRF"] = csrf;
    const r = await fetch(path, { method: opts.method || "GET", headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body), credentials: "same-origin" });
    let data = null;
    try { data = await r.json(); } catch (e) { data = null; }
    if (!r.ok) throw new Error((data && data.error) || ("HTTP " + r.status));
    return data;
  }

  async function loadScenarios() {
    const data = await api("/api/scenarios");
    state.scenarios = data.scenarios;
    const bases = data.scenarios.filter((s) => !s.extends);
    const sel = $("baseline");
    sel.textContent = "";
    for (const s of bases) sel.appendChild(el("option", { value: s.path }, s.path + " — " + s.title));
    const preferred = bases.find((s) => s.path === "baseline.yaml") || bases[0];
    if (preferred) { sel.value = preferred.path; await pickBaseline(); }
  }

  async function pickBaseline() {
    showError("");
    const file = $("baseline").value;
    state.knobs = null;
    state.cards = [];
    try {
      state.knobs = await api("/api/knobs?file=" + encodeURIComponent(file));
    } catch (e) { showError(e.message); renderCards(); return; }
    $("baseline-title").textContent = state.knobs.title;
    $("seed").value = String(state.knobs.seed);
    $("replications").value = String(Math.min(state.knobs.replications, 10));
    const files = $("whatif-file");
    files.textContent = "";
    for (const s of state.scenarios.filter((s) => s.extends)) files.appendChild(el("option", { value: s.path }, s.path + " — " + s.title));
    addKnobCard();
  }

  function addKnobCard() {
    if (!state.knobs) return;
    const values = {};
    for (const k of state.knobs.knobs) values[k.name] = k.kind === "choice" ? k.currentChoice : String(k.current);
    state.cards.push({ kind: "knobs", name: "", values });
    renderCards();
    const inputs = document.querySelectorAll("#whatifs .card:last-child input, #whatifs .card:last-child select");
    if (inputs.length > 1) inputs[1].focus();
  }
  function addFileCard() {
    const f = $("whatif-file").value;
    if (!f) return;
    state.cards.push({ kind: "file", file: f });
    renderCards();
  }

  function fmt(x) { return String(Math.round(x * 1e9) / 1e9); }

  function knobControl(card, ci, k, ki) {
    const id = "w" + ci + "k" + ki;
    const box = el("div", { className: "knob", "data-knob": k.name });
    box.appendChild(el("label", { for: id }, k.label));
    if (k.description) box.appendChild(el("p", { className: "desc", id: id + "-d" }, k.description));
    const ctl = el("div", { className: "ctl" });
    const base = k.kind === "choice" ? k.currentChoice : String(k.current);
    const mark = () => box.classList.toggle("changed", String(card.values[k.name]) !== base && Number(card.values[k.name]) !== Number(base));
    if (k.kind === "choice") {
      const sel = el("select", { id });
      if (k.description) sel.setAttribute("aria-describedby", id + "-d");
      for (const c of k.choices) sel.appendChild(el("option", { value: c.name }, c.label + (c.name === k.currentChoice ? " (" + t("base") + ")" : "")));
      sel.value = card.values[k.name];
      sel.addEventListener("change", () => { card.values[k.name] = sel.value; mark(); });
      ctl.appendChild(sel);
    } else {
      const range = el("input", { type: "range", min: String(k.min), max: String(k.max), step: String(k.step), "aria-label": k.label, tabindex: "-1" });
      const num = el("input", { type: "number", id, min: String(k.min), max: String(k.max), step: String(k.step), inputmode: "decimal" });
      if (k.description) num.setAttribute("aria-describedby", id + "-d");
      range.value = card.values[k.name];
      num.value = card.values[k.name];
      range.addEventListener("input", () => { num.value = range.value; card.values[k.name] = range.value; mark(); });
      num.addEventListener("input", () => { range.value = num.value; card.values[k.name] = num.value; mark(); });
      ctl.appendChild(range);
      ctl.appendChild(num);
      if (k.unit) ctl.appendChild(el("span", { className: "unit" }, k.unit));
    }
    box.appendChild(ctl);
    box.appendChild(el("div", { className: "base" }, t("base") + ": " + (k.kind === "choice" ? (k.choices.find((c) => c.name === k.currentChoice) || {}).label : fmt(k.current) + (k.unit ? " " + k.unit : ""))));
    mark();
    return box;
  }

  function renderCards() {
    const host = $("whatifs");
    host.textContent = "";
    state.cards.forEach((card, ci) => {
      const c = el("div", { className: "card", role: "group", "aria-label": (card.kind === "file" ? t("fileWhatIf") : t("knobWhatIf")) + " " + (ci + 1) });
      const head = el("div", { className: "card-head" });
      if (card.kind === "file") {
        head.appendChild(el("h3", {}, t("fileWhatIf") + ": " + card.file));
      } else {
        const wrap = el("span", { className: "field" });
        wrap.appendChild(el("label", { for: "w" + ci + "name" }, t("knobWhatIf") + " " + (ci + 1) + " — " + t("name")));
        const name = el("input", { type: "text", id: "w" + ci + "name", maxlength: "60", placeholder: state.knobs ? state.knobs.name + "-whatif-" + (ci + 1) : "" });
        name.value = card.name;
        name.addEventListener("input", () => { card.name = name.value; });
        wrap.appendChild(name);
        head.appendChild(wrap);
      }
      const rm = el("button", { type: "button" }, t("remove"));
      rm.addEventListener("click", () => { state.cards.splice(ci, 1); renderCards(); $("add-knobs").focus(); });
      head.appendChild(rm);
      c.appendChild(head);
      if (card.kind === "knobs" && state.knobs) {
        const knobs = state.knobs.knobs;
        if (knobs.length && knobs[0].automatic) c.appendChild(el("p", { className: "muted" }, t("automatic")));
        const grid = el("div", { className: "knobs" });
        const first = knobs.slice(0, 12), rest = knobs.slice(12);
        first.forEach((k, ki) => grid.appendChild(knobControl(card, ci, k, ki)));
        c.appendChild(grid);
        if (rest.length) {
          const more = el("details", { className: "more" });
          more.appendChild(el("summary", {}, t("more") + " (" + rest.length + ")"));
          const g2 = el("div", { className: "knobs" });
          rest.forEach((k, ki) => g2.appendChild(knobControl(card, ci, k, ki + 12)));
          more.appendChild(g2);
          c.appendChild(more);
        }
      }
      host.appendChild(c);
    });
  }

  function showStatus(s) {
    state.lastStatus = s;
    const p = $("progress");
    p.max = Math.max(1, s.total);
    p.value = s.done;
    let msg = "";
    if (s.state === "queued") msg = t("queued", { p: s.position, r: s.running });
    else if (s.state === "running") msg = t("running", { d: s.done, t: s.total });
    else if (s.state === "done") msg = t("done", { t: s.total, s: (s.seconds || 0).toFixed(1), w: state.wall ? state.wall.toFixed(1) : "…" });
    else if (s.state === "cancelled") msg = t("cancelled");
    else if (s.state === "failed") msg = t("failed");
    $("status").textContent = msg;
  }

  async function run() {
    showError("");
    if (!state.cards.length) { showError(t("noWhatIf")); return; }
    const whatIfs = state.cards.map((c) => c.kind === "file" ? { file: c.file } : { name: c.name, settings: c.values });
    const body = { baseline: $("baseline").value, whatIfs, replications: parseInt($("replications").value, 10), seed: parseInt($("seed").value, 10) };
    if (!Number.isFinite(body.seed)) delete body.seed;
    if (!Number.isFinite(body.replications)) delete body.replications;
    state.pressed = performance.now();
    state.wall = 0;
    state.viewLoaded = false;
    $("run").disabled = true;
    $("status").textContent = t("starting");
    let s;
    try { s = await api("/api/jobs", { method: "POST", body }); } catch (e) { $("run").disabled = false; $("status").textContent = ""; showError(e.message); return; }
    state.job = s;
    $("cancel").disabled = false;
    showStatus(s);
    follow(s.id);
  }

  function follow(id) {
    if (state.source) state.source.close();
    const src = new EventSource("/api/jobs/" + encodeURIComponent(id) + "/events");
    state.source = src;
    src.onmessage = (ev) => {
      let s;
      try { s = JSON.parse(ev.data); } catch (e) { return; }
      state.job = s;
      showStatus(s);
      if (s.state === "queued" || s.state === "running") return;
      src.close();
      state.source = null;
      $("run").disabled = false;
      $("cancel").disabled = true;
      if (s.state === "done") showResults(s);
      else if (s.state === "failed") showError(s.error || t("failed"));
    };
    src.onerror = () => {
      // The stream ends with the job; a dropped connection falls back to polling.
      if (!state.source) return;
      src.close();
      state.source = null;
      setTimeout(() => poll(id), 500);
    };
  }
  async function poll(id) {
    try {
      const s = await api("/api/jobs/" + encodeURIComponent(id));
      if (s.state === "queued" || s.state === "running") { showStatus(s); follow(id); return; }
      follow(id);
    } catch (e) { showError(e.message); $("run").disabled = false; $("cancel").disabled = true; }
  }

  async function cancel() {
    if (!state.job) return;
    try { await api("/api/jobs/" + encodeURIComponent(state.job.id) + "/cancel", { method: "POST" }); } catch (e) { showError(e.message); }
  }

  function showResults(s) {
    $("results").hidden = false;
    const ref = $("reference");
    ref.textContent = "";
    s.scenarios.forEach((n, i) => ref.appendChild(el("option", { value: String(i) }, n + (i === 0 ? " (" + t("base") + ")" : ""))));
    ref.value = "0";
    showView(s, 0);
  }

  // The results: the report's scorecard, summary and charts, rendered by the
  // server with CareFlowReport (the code behind report.html, which escapes
  // every text from the files), put in place as they are; the page adds only
  // the contents list and the download links.
  async function showView(s, k) {
    const base = "/api/jobs/" + encodeURIComponent(s.id);
    const q = "?reference=" + k + "&lang=" + lang;
    state.viewLoaded = false;
    const token = {};
    state.viewRequest = token;
    $("view-title").textContent = t("loadingView");
    let v;
    try { v = await api(base + "/view" + q); } catch (e) { showError(e.message); $("view-title").textContent = ""; return; }
    if (state.viewRequest !== token) return;   // a later reference, language or run
    const host = $("report-view");
    const tpl = document.createElement("template");
    tpl.innerHTML = v.chartDefs + v.sections.map((x) => x.html).join("\n");
    const nav = el("nav", { "aria-label": t("contents") });
    const ul = el("ul");
    for (const x of v.sections) {
      const li = el("li");
      li.appendChild(el("a", { href: "#" + x.id }, x.title));
      ul.appendChild(li);
    }
    nav.appendChild(ul);
    host.textContent = "";
    host.appendChild(nav);
    host.appendChild(tpl.content);
    $("view-title").textContent = v.title;
    $("command").textContent = v.command;
    const dl = $("downloads");
    dl.textContent = "";
    const link = (href, file, text) => {
      const li = el("li");
      li.appendChild(el("a", { href, download: file }, text));
      dl.appendChild(li);
    };
    link(base + "/report" + q, "report.html", t("dlReport"));
    link(base + "/xlsx" + q, "comparison.xlsx", t("dlXlsx"));
    for (const f of s.generated) link(base + "/files/" + encodeURIComponent(f), f, t("dlYaml", { f }));
    state.shown = { job: s, reference: k };
    if (!state.wall && state.pressed) state.wall = (performance.now() - state.pressed) / 1000;
    state.viewLoaded = true;
    showStatus(state.job);
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("lang").addEventListener("click", () => { lang = lang === "sv" ? "en" : "sv"; localStorage.setItem("careflow-lang", lang); translate(); });
    $("baseline").addEventListener("change", pickBaseline);
    $("add-knobs").addEventListener("click", addKnobCard);
    $("add-file").addEventListener("click", addFileCard);
    $("run").addEventListener("click", run);
    $("cancel").addEventListener("click", cancel);
    $("reference").addEventListener("change", () => { if (state.shown) showView(state.shown.job, parseInt($("reference").value, 10) || 0); });
    translate();
    loadScenarios().catch((e) => showError(e.message));
  });
})();

"""#
}
