/** The dashboards' stylesheet, served from the Worker (no CDN). Mobile first; 375 px is the floor. */
export const STYLE_CSS = `
:root{--fg:#1b1f24;--muted:#57606a;--bg:#fff;--panel:#f6f8fa;--line:#d0d7de;--accent:#0969da;--ok:#1a7f37;--warn:#9a6700;--err:#cf222e;--focus:#fb8f00}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--accent)}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#000;color:#fff;padding:.5rem 1rem;z-index:10}
.skip:focus{left:.5rem}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.top{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem;padding:.6rem 1rem;border-bottom:1px solid var(--line);background:var(--panel)}
.brand{margin:0;font-weight:700}.brand a{color:var(--fg);text-decoration:none}
nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem .9rem;margin:0;padding:0}
nav a{text-decoration:none;padding:.2rem 0;display:inline-block}
nav a[aria-current=page]{font-weight:700;border-bottom:2px solid var(--accent)}
.session{margin-left:auto;display:flex;align-items:center;gap:.75rem}
.session form{margin:0}
.live{font-size:.85rem;padding:.1rem .5rem;border-radius:1rem;background:#eaeef2}
.live[data-state=open]{background:#dafbe1;color:var(--ok)}
.live[data-state=closed]{background:#fff1e5;color:var(--warn)}
main{padding:1rem;max-width:1200px;margin:0 auto}
main:focus{outline:none}
h1{font-size:1.5rem;margin:.2rem 0 1rem}
h2{font-size:1.1rem;margin:1.4rem 0 .6rem}
section{min-width:0}
.grid2{display:grid;grid-template-columns:1fr;gap:0 1.5rem}
@media (min-width:820px){.grid2{grid-template-columns:1fr 1fr}}
.cards{list-style:none;padding:0;margin:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(160px,1fr));gap:.6rem}
.card{border:1px solid var(--line);border-radius:8px;padding:.6rem .8rem;background:var(--panel)}
.card h3{font-size:1rem;margin:0 0 .3rem;text-transform:capitalize}
.card .big{font-size:1.6rem;font-weight:700;display:block}
.card p{margin:.15rem 0;font-size:.88rem;color:var(--muted)}
.badge{display:inline-block;font-size:.75rem;padding:.05rem .45rem;border-radius:1rem;background:#eaeef2;color:var(--fg);white-space:nowrap}
.badge.ok,.badge.active,.badge.won,.badge.PAID,.badge.VERIFIED{background:#dafbe1;color:#116329}
.badge.error,.badge.lost,.badge.DISCREPANCY,.badge.disqualified{background:#ffebe9;color:#a40e26}
.badge.awaiting_approval,.badge.PARTIAL,.badge.REVIEW,.badge.warn{background:#fff8c5;color:#7d4e00}
.table-wrap{overflow-x:auto;border:1px solid var(--line);border-radius:6px;max-width:100%}
table{border-collapse:collapse;width:100%;font-size:.9rem}
caption{text-align:left;padding:.4rem .6rem;font-weight:600}
th,td{padding:.45rem .6rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{background:var(--panel);white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
button{font:inherit;cursor:pointer;border:1px solid var(--line);background:#fff;border-radius:6px;padding:.4rem .8rem;min-height:2.25rem}
button.primary{background:var(--ok);color:#fff;border-color:var(--ok)}
button.danger{color:var(--err);border-color:var(--err)}
button:disabled{opacity:.55;cursor:not-allowed}
button.link{border:0;background:none;color:var(--accent);padding:.2rem;min-height:0;text-decoration:underline}
button.sort{border:0;background:none;padding:0;font-weight:700;min-height:0;color:var(--fg)}
th[aria-sort=ascending] .arrow::after{content:" ▲"}
th[aria-sort=descending] .arrow::after{content:" ▼"}
input,select,textarea{font:inherit;padding:.4rem .5rem;border:1px solid #8c959f;border-radius:6px;max-width:100%}
label{display:block;font-weight:600;font-size:.88rem;margin-bottom:.2rem}
.filters{display:flex;flex-wrap:wrap;gap:.6rem 1rem;margin-bottom:.5rem}
.filters input{width:16rem}
.hint{color:var(--muted);font-size:.88rem}
.log{list-style:none;margin:0;padding:0;max-height:22rem;overflow:auto;border:1px solid var(--line);border-radius:6px}
.log li{padding:.4rem .6rem;border-bottom:1px solid var(--line);display:flex;flex-wrap:wrap;gap:.2rem .6rem;align-items:baseline}
.log li.new{animation:flash 1.5s ease-out}
@keyframes flash{from{background:#fff8c5}to{background:transparent}}
@media (prefers-reduced-motion:reduce){.log li.new{animation:none}}
.log time{color:var(--muted);font-size:.82rem;font-variant-numeric:tabular-nums}
.log .sum{color:var(--muted);font-size:.85rem;word-break:break-word}
.empty{color:var(--muted);font-style:italic;padding:.5rem}
.bars{list-style:none;padding:0;margin:0}
.bars li{display:grid;grid-template-columns:8.5rem 1fr 4.5rem;gap:.5rem;align-items:center;margin:.2rem 0;font-size:.88rem}
.bars svg{width:100%;height:14px}
svg.perday{width:100%;height:64px;display:block;background:var(--panel);border-radius:4px}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem .8rem;margin:0}
dl.facts dt{font-weight:600;color:var(--muted)}dl.facts dd{margin:0;word-break:break-word}
.draft{border:1px solid var(--line);border-radius:8px;padding:.7rem;margin-bottom:.8rem}
.draft h3{font-size:1rem;margin:0 0 .3rem}
.draft pre{white-space:pre-wrap;word-break:break-word;background:var(--panel);padding:.5rem;border-radius:4px;max-height:16rem;overflow:auto;font-size:.85rem}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end;margin-top:.5rem}
.status{min-height:1.4em;font-weight:600}
.status.error,.error{color:var(--err)}
.nowrap{white-space:nowrap}
.check{color:var(--ok);font-weight:700}
.inv{display:block;white-space:nowrap}
.flow svg{width:100%;height:auto;display:block}
.flow{margin:0 0 1rem;border:1px solid var(--line);border-radius:8px;padding:.5rem;background:var(--panel)}
.login{max-width:28rem;margin:2rem auto}
.login input{width:100%}
.login form button{margin-top:.8rem}
.crumb{margin:0}
.foot{color:var(--muted);font-size:.8rem;text-align:center;padding:1rem}
.note{background:#ddf4ff;padding:.5rem;border-radius:6px}
.scroll{max-height:32rem;overflow:auto}
.table-wrap.scroll thead th{position:sticky;top:0;z-index:1}
#discrepancies{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:.6rem;max-height:30rem;overflow:auto;padding:2px}
.disc{margin-bottom:0;border:1px solid var(--line);border-left:4px solid var(--err);border-radius:6px;padding:.6rem;margin-bottom:.6rem}
.disc h3{font-size:.95rem;margin:0 0 .3rem}
.disc p{margin:.2rem 0}
@media (max-width:600px){.hide-sm{display:none}.filters input{width:100%}.filters>div{flex:1 1 100%}main{padding:.75rem}.bars li{grid-template-columns:7rem 1fr 3.5rem}}
`;
