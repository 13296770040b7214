/** The page's stylesheet, inlined. System fonts only (no network), tabular figures so columns of numbers align. */
export const PAGE_STYLE = `
:root { --bg: #f5f6f8; --card: #fff; --ink: #1d2330; --muted: #667085; --line: #e4e7ec; --panel: #2962ff;
  --hold: #98a2b3; --pos: #067647; --neg: #c01048; --accent: #eef4ff; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--ink); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto,
  "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 28px 20px 48px; }
header h1 { font-size: 26px; line-height: 1.2; margin: 0 0 4px; letter-spacing: -0.01em; word-break: break-word; }
header p { margin: 0; color: var(--muted); }
h2 { font-size: 18px; margin: 0 0 12px; }
h3 { font-size: 15px; margin: 20px 0 8px; }
section.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 18px 20px;
  margin-top: 18px; box-shadow: 0 1px 2px rgba(16, 24, 40, .04); overflow-x: auto; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 12px; margin-top: 20px; }
.kpi { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px; }
.kpi .label { font-size: 12px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
.kpi .value { font-size: 24px; font-weight: 650; font-variant-numeric: tabular-nums; margin: 2px 0; }
.kpi .vs { font-size: 13px; color: var(--muted); font-variant-numeric: tabular-nums; }
.legend { display: flex; gap: 18px; flex-wrap: wrap; font-size: 13px; color: var(--muted); margin: -4px 0 8px; }
.legend i { display: inline-block; width: 14px; height: 3px; border-radius: 2px; vertical-align: middle; margin-right: 6px; }
.readout { min-height: 20px; margin-bottom: 4px; text-align: right; font-size: 13px; font-variant-numeric: tabular-nums; }
.chart { width: 100%; height: 340px; position: relative; }
.chart.equity { height: 440px; }
.symbol-head { display: flex; justify-content: space-between; align-items: baseline; flex-wrap: wrap; gap: 8px; }
.symbol-head .file { color: var(--muted); font-size: 13px; word-break: break-all; }
.symbol-head .facts { font-size: 13px; color: var(--muted); font-variant-numeric: tabular-nums; }
.symbol + .symbol { margin-top: 22px; padding-top: 18px; border-top: 1px solid var(--line); }
.picker { display: flex; align-items: center; flex-wrap: wrap; gap: 8px; margin-top: 14px; }
.picker .pick { display: inline-flex; align-items: center; gap: 8px; min-width: 0; }
.picker select { max-width: 50vw; }
.picker label { font-weight: 600; white-space: nowrap; }
.picker select, .picker button { font: inherit; padding: 2px 8px; }
.picker .note { margin-left: 6px; }
table.symbols a { color: inherit; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { padding: 6px 10px; border-bottom: 1px solid var(--line); text-align: left; white-space: nowrap; }
thead th { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); font-weight: 600;
  position: sticky; top: 0; background: var(--card); }
tbody th { font-weight: 550; }
/* Column titles and the decisions' long labels wrap, figures do not: the tables fit a laptop's or a half screen's width. */
thead th, table.decisions tbody th { white-space: normal; }
/* A figure's column title sits over the figures' right edge, as they do. */
td.num, th.num { text-align: right; }
table.metrics { max-width: 620px; }
table.wf thead th { white-space: normal; vertical-align: bottom; }
table.metrics td { width: 25%; }
td.better { font-weight: 650; background: var(--accent); }
.pos { color: var(--pos); }
.neg { color: var(--neg); }
tr.chief th, tr.chief td { border-top: 2px solid var(--line); font-weight: 600; }
/* A score from too few calls to mean anything: muted, not coloured as a result. */
td.few { color: var(--muted); } td.few .meter { opacity: .4; } .few-mark { font-size: 11px; }
.meter-cell { display: flex; align-items: center; justify-content: flex-end; gap: 8px; }
.meter { position: relative; display: inline-block; width: 80px; height: 8px; border-radius: 4px; background: #eaecf0; overflow: visible; }
.meter .fill { position: absolute; left: 0; top: 0; bottom: 0; border-radius: 4px; background: var(--panel); opacity: .75; }
.meter .mark { position: absolute; top: -3px; width: 2px; height: 14px; background: var(--ink); }
.scroll { max-height: 520px; overflow: auto; border: 1px solid var(--line); border-radius: 8px; }
.scroll table th, .scroll table td { border-bottom-color: #f0f1f3; }
tr.gap td { text-align: center; color: var(--muted); font-style: italic; }
.reason { display: inline-block; font-size: 12px; padding: 0 8px; border-radius: 10px; background: #f2f4f7; }
.r-stop, .r-atr, .r-trailing { background: #fef3f2; color: #b42318; }
.r-target { background: #ecfdf3; color: #067647; }
.r-signal { background: #eff8ff; color: #175cd3; }
.r-time, .r-end { background: #f9f5ff; color: #6941c6; }
.action { display: inline-block; font-size: 12px; font-weight: 600; padding: 0 8px; border-radius: 10px; background: #f2f4f7; color: #475467; }
.a-buy { background: #ecfdf3; color: #067647; }
.a-sell { background: #fef3f2; color: #b42318; }
.open { color: var(--muted); font-style: italic; }
.stale { display: block; color: var(--warn, #b45309); font-size: 12px; }
.note, .empty { color: var(--muted); font-size: 13px; }
.conventions { font-size: 13px; color: #475467; }
.conventions ul { padding-left: 18px; margin: 0; }
.conventions li + li { margin-top: 6px; }
.grid2 { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 24px; }
@media (max-width: 1100px) { .meter { width: 44px; } table.wf th, table.wf td { padding: 6px 6px; } }
@media (max-width: 860px) { .conventions { font-size: 13px; color: #475467; }
.conventions ul { padding-left: 18px; margin: 0; }
.conventions li + li { margin-top: 6px; }
.grid2 { grid-template-columns: minmax(0, 1fr); } }
/* One column as wide as the card, not as its widest table: a table too wide scrolls in its own box, the text wraps. */
.grid2 > * { overflow-x: auto; }
/* A phone: narrower gutters and wrapping labels, so the metrics' two columns fit beside their names. */
@media (max-width: 560px) { main { padding-left: 12px; padding-right: 12px; } section.card { padding: 16px 12px; }
table.metrics th, table.metrics td { padding: 6px 5px; } table.metrics tbody th { white-space: normal; } }
footer { margin-top: 28px; color: var(--muted); font-size: 13px; }
footer a { color: inherit; }
`;
