extension PageAssets {
    static let style = #"""
/* After the report's stylesheet (/static/report.css), whose fragments the
   results show: the workbench's own names (--wb-*, .step) stay out of its way. */
:root { --wb-accent: #0b5cad; --bg2: #f4f6f8; }
body { font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: #fff; margin: 0 auto; max-width: 1040px; padding: .8rem 1.1rem 2rem; }
header { display: flex; align-items: center; justify-content: space-between; gap: 1rem; border-bottom: 2px solid #333; padding-bottom: .4rem; }
h1 { font-size: 1.45rem; margin: .2rem 0; }
h2.step-h { font-size: 1.2rem; margin: 1.6rem 0 .5rem; display: flex; align-items: center; gap: .5rem; border-bottom: none; padding-bottom: 0; }
.card h3 { font-size: 1rem; margin: 0; }
.step { display: inline-flex; align-items: center; justify-content: center; width: 1.6rem; height: 1.6rem; border-radius: 50%; background: var(--wb-accent); color: #fff; font-size: .9rem; }
.lead { color: var(--muted); }
.muted { color: var(--muted); font-size: .92rem; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: .5rem; top: .5rem; background: #fff; padding: .3rem .6rem; border: 2px solid var(--wb-accent); z-index: 2; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
label { font-weight: 600; display: block; margin-bottom: .2rem; }
select, input, button { font: inherit; }
select, input[type=number], input[type=text] { padding: .35rem .45rem; border: 1px solid #888; border-radius: 4px; background: #fff; max-width: 100%; }
button { padding: .4rem .85rem; border: 1px solid #666; border-radius: 4px; background: #f3f3f3; cursor: pointer; min-height: 2.4rem; }
button:hover { background: #e6e6e6; }
button.primary { background: var(--wb-accent); color: #fff; border-color: var(--wb-accent); font-weight: 600; min-width: 7rem; }
button.primary:hover { background: #084a8c; }
button:disabled { opacity: .5; cursor: default; }
:focus-visible { outline: 3px solid #f5a623; outline-offset: 2px; }
.row { display: flex; flex-wrap: wrap; align-items: flex-end; gap: .6rem 1rem; margin: .6rem 0; }
.or { color: var(--muted); padding-bottom: .5rem; }
.field input { width: 9rem; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: .7rem .9rem; margin: .6rem 0; background: var(--bg2); }
.card-head { display: flex; flex-wrap: wrap; align-items: flex-end; justify-content: space-between; gap: .5rem; margin-bottom: .4rem; }
.card-head input { width: 16rem; }
.knobs { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(300px, 100%), 1fr)); gap: .5rem 1.2rem; }
.knob { min-width: 0; background: #fff; border: 1px solid #ddd; border-radius: 4px; padding: .45rem .6rem; }
.knob.changed { border-color: var(--wb-accent); box-shadow: inset 3px 0 0 var(--wb-accent); }
.knob label { margin: 0; }
.knob .desc { color: var(--muted); font-size: .84rem; margin: .1rem 0 .3rem; }
.knob .ctl { display: flex; align-items: center; gap: .5rem; }
.knob input[type=range] { flex: 1; min-width: 0; accent-color: var(--wb-accent); }
.knob input[type=number] { width: 6.5rem; }
.knob select { width: 100%; }
.knob .unit { color: var(--muted); font-size: .85rem; white-space: nowrap; }
.knob .base { color: var(--muted); font-size: .8rem; }
details.more { margin-top: .4rem; }
details.more summary { cursor: pointer; color: var(--wb-accent); }
progress { width: 100%; height: 1.1rem; accent-color: var(--wb-accent); }
.status { min-height: 1.5rem; margin: .3rem 0; }
.error { border: 2px solid var(--bad); color: var(--bad); background: #fff5f5; padding: .5rem .7rem; border-radius: 4px; white-space: pre-wrap; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .88rem; }
.downloads { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .4rem 1rem; }
.downloads a { display: inline-block; padding: .3rem .6rem; border: 1px solid var(--wb-accent); border-radius: 4px; color: var(--wb-accent); text-decoration: none; }
.downloads a:hover { background: #eef4fb; }
code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .85em; word-break: break-all; background: #f3f3f3; padding: .1rem .25rem; }
.toolbar { display: flex; flex-wrap: wrap; align-items: flex-end; justify-content: space-between; gap: .6rem 1.5rem; margin: .6rem 0 .2rem; }
.toolbar select { max-width: 100%; }
.dl-h { font-weight: 600; display: block; margin-bottom: .2rem; }
.downloads { margin: 0; }
.view-title { font-weight: 600; font-size: 1.1rem; margin: 1rem 0 0; }
/* The report's fragments: as in report.html, inside the page's column. */
.report-view { font-size: 15px; }
.report-view > nav { margin: .3rem 0 0; }
.report-view #scorecard h2 { margin-top: .6rem; }
.report-view section { scroll-margin-top: .5rem; }
.report-view figure { max-width: 100%; }
.reproduce { margin-top: 1.5rem; }
footer { margin-top: 2rem; color: var(--muted); font-size: .85rem; border-top: 1px solid var(--line); }
@media (max-width: 600px) {
  body { padding: .5rem .6rem 1.5rem; font-size: 15px; }
  .report-view { font-size: 14px; }
  /* The scorecard fits a phone's width: verdicts wrap under the value, cells are tighter. */
  .report-view table.scorecard { font-size: .84em; }
  .report-view table.scorecard td, .report-view table.scorecard th { padding: .2rem .25rem; }
  .report-view table.scorecard .v { white-space: normal; }
  .toolbar { display: block; }
  .toolbar .dl { margin-top: .6rem; }
  h1 { font-size: 1.15rem; }
  .knobs { grid-template-columns: minmax(0, 1fr); }
  .card-head input { width: 100%; }
  .card { padding: .5rem .55rem; }
  .row > select { max-width: 100%; }
}

"""#
}
