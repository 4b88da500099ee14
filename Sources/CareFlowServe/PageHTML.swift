/// The workbench page, its script (PageScript.swift) and style (PageStyle.swift).
enum PageAssets {
    /// {{CSRF}} is replaced with the server's CSRF token, {{LANG}} with the
    /// starting language (en or sv). Texts carry
    /// data-i18n keys; the script switches them between English and Swedish.
    static let html = #"""
<!DOCTYPE html>
<html lang="{{LANG}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="careflow-csrf" content="{{CSRF}}">
<title>CareFlow what-if workbench</title>
<link rel="stylesheet" href="/static/report.css">
<link rel="stylesheet" href="/static/app.css">
<script src="/static/app.js" defer></script>
</head>
<body>
<a class="skip" href="#main" data-i18n="skip">Skip to content</a>
<header>
  <h1 data-i18n="title">CareFlow what-if workbench</h1>
  <button type="button" id="lang" aria-label="Svenska">Svenska</button>
</header>
<main id="main">
  <p class="lead" data-i18n="lead">Pick a baseline, change a few knobs, run, and compare. Every result here can be reproduced with careflow compare on the downloaded files.</p>
  <div id="error" role="alert" class="error" hidden></div>

  <section aria-labelledby="h-baseline">
    <h2 class="step-h" id="h-baseline"><span class="step" aria-hidden="true">1</span> <span data-i18n="baseline">Baseline</span></h2>
    <label for="baseline" data-i18n="baselineLabel">Baseline scenario</label>
    <select id="baseline"></select>
    <p id="baseline-title" class="muted"></p>
  </section>

  <section aria-labelledby="h-whatifs">
    <h2 class="step-h" id="h-whatifs"><span class="step" aria-hidden="true">2</span> <span data-i18n="whatifs">What-ifs</span></h2>
    <div id="whatifs"></div>
    <div class="row">
      <button type="button" id="add-knobs" data-i18n="addKnobs">Add a what-if with knobs</button>
      <span class="or" data-i18n="or">or</span>
      <label for="whatif-file" class="sr" data-i18n="whatifFile">What-if file</label>
      <select id="whatif-file"></select>
      <button type="button" id="add-file" data-i18n="addFile">Add the file</button>
    </div>
  </section>

  <section aria-labelledby="h-run">
    <h2 class="step-h" id="h-run"><span class="step" aria-hidden="true">3</span> <span data-i18n="run">Run</span></h2>
    <div class="row">
      <span class="field"><label for="replications" data-i18n="replications">Replications</label>
      <input id="replications" type="number" min="1" max="1000" step="1" value="10" inputmode="numeric"></span>
      <span class="field"><label for="seed" data-i18n="seed">Seed</label>
      <input id="seed" type="number" min="0" step="1" inputmode="numeric"></span>
    </div>
    <div class="row">
      <button type="button" id="run" class="primary" data-i18n="runButton">Run</button>
      <button type="button" id="cancel" disabled data-i18n="cancel">Cancel</button>
    </div>
    <progress id="progress" max="1" value="0" aria-labelledby="status"></progress>
    <p id="status" class="status" aria-live="polite"></p>
  </section>

  <section id="results" aria-labelledby="h-results" hidden>
    <h2 class="step-h" id="h-results"><span class="step" aria-hidden="true">4</span> <span data-i18n="results">Results</span></h2>
    <div class="toolbar">
      <span class="field"><label for="reference" data-i18n="reference">Reference scenario</label>
      <select id="reference" aria-describedby="reference-note"></select></span>
      <div class="dl">
        <span class="dl-h" id="dl-h" data-i18n="downloads">Download</span>
        <ul id="downloads" class="downloads" aria-labelledby="dl-h"></ul>
      </div>
    </div>
    <p id="reference-note" class="muted" data-i18n="referenceNote">Another reference re-renders the same results against it; nothing is run again.</p>
    <p id="view-title" class="view-title"></p>
    <div id="report-view" class="report-view"></div>
    <p class="muted reproduce"><span data-i18n="reproduce">Reproduce from the command line (in the served folder, with the what-if files saved next to the baseline):</span> <code id="command"></code></p>
  </section>
</main>
<footer><p data-i18n="footer">CareFlow runs on this computer; nothing is sent elsewhere.</p></footer>
</body>
</html>

"""#
}
