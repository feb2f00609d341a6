/**
 * Tables in a PDF's text layer, read as "label: value" lines. pdf.js gives positioned text runs and
 * no table structure; a table is rebuilt from geometry: runs on one baseline form a line, a gap wider
 * than about one character height separates cells, and two or more consecutive lines of two or more
 * cells are a table. A two-column table is label | value (a header row without figures is dropped);
 * a wider one has a header row, and each body row becomes "first cell — Header: cell; Header: cell",
 * each cell under the header column it overlaps. Other lines keep their text.
 */
export type TextRun = { str: string; x: number; y: number; width: number; height: number };
type Cell = { text: string; x0: number; x1: number };
type Line = { y: number; height: number; cells: Cell[]; text: string };

const SAME_LINE = 0.45; // fraction of the run height two baselines may differ by
const CELL_GAP = 1.1; // a gap wider than this many run heights starts a new cell

function toLines(runs: TextRun[]): Line[] {
  const sorted = runs.filter((r) => r.str.trim()).sort((a, b) => b.y - a.y || a.x - b.x);
  const groups: TextRun[][] = [];
  for (const r of sorted) {
    const g = groups[groups.length - 1];
    const h = Math.max(1, r.height || 10);
    if (g && Math.abs(g[0].y - r.y) <= SAME_LINE * h) g.push(r);
    else groups.push([r]);
  }
  return groups.map((g) => {
    const rs = [...g].sort((a, b) => a.x - b.x);
    const cells: Cell[] = [];
    for (const r of rs) {
      const h = Math.max(1, r.height || 10);
      const last = cells[cells.length - 1];
      const gap = last ? r.x - last.x1 : Infinity;
      if (last && gap <= CELL_GAP * h) {
        last.text += (gap > 0.15 * h && !/\s$/.test(last.text) && !/^\s/.test(r.str) ? " " : "") + r.str;
        last.x1 = Math.max(last.x1, r.x + r.width);
      } else cells.push({ text: r.str, x0: r.x, x1: r.x + r.width });
    }
    for (const c of cells) c.text = c.text.replace(/\s+/g, " ").trim();
    return { y: g[0].y, height: Math.max(1, g[0].height || 10), cells, text: cells.map((c) => c.text).join(" ") };
  });
}

const hasFigure = (s: string) => /\d/.test(s);
const label = (s: string) => s.replace(/\s*[:：]\s*$/, "");

/** The header column a cell sits under: the one it overlaps most, else the nearest start. */
function columnOf(cell: Cell, header: Cell[]): number {
  let best = 0;
  let bestScore = -Infinity;
  header.forEach((h, i) => {
    const overlap = Math.min(cell.x1, h.x1) - Math.max(cell.x0, h.x0);
    const score = overlap > 0 ? overlap : -Math.abs(cell.x0 - h.x0);
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  });
  return best;
}

function tableLines(block: Line[]): string[] {
  const width = Math.max(...block.map((l) => l.cells.length));
  const first = block[0];
  const headerless = first.cells.some((c) => hasFigure(c.text)) || !block.slice(1).some((l) => l.cells.some((c) => hasFigure(c.text)));
  if (width === 2) {
    const rows = headerless || block.length < 3 ? block : block.slice(1);
    return rows.map((l) => (l.cells.length === 2 ? `${label(l.cells[0].text)}: ${l.cells[1].text}` : l.text));
  }
  if (headerless) return block.map((l) => l.cells.map((c) => c.text).join("; "));
  const header = first.cells;
  return block.slice(1).map((l) => {
    const byCol = new Map<number, string[]>();
    for (const c of l.cells) {
      const i = columnOf(c, header);
      byCol.set(i, [...(byCol.get(i) ?? []), c.text]);
    }
    const head = byCol.get(0)?.join(" ") ?? "";
    const pairs = header.map((h, i) => (i === 0 || !byCol.has(i) ? null : `${label(h.text)}: ${byCol.get(i)?.join(" ")}`)).filter(Boolean);
    return head ? `${head} — ${pairs.join("; ")}` : pairs.join("; ");
  });
}

/**
 * Whether line j continues the table that starts at line i: no wider than its header row, and no
 * blank band above it (a gap over 1.6 times the block's row pitch, or 2.2 line heights for a second row).
 */
function sameTable(lines: Line[], i: number, j: number): boolean {
  if (lines[j].cells.length > lines[i].cells.length) return false;
  const gap = lines[j - 1].y - lines[j].y;
  const pitch = j - i >= 2 ? (lines[i].y - lines[j - 1].y) / (j - 1 - i) : null;
  return pitch ? gap <= 1.6 * pitch : gap <= 2.2 * lines[i].height;
}

/** A page's text with its tables as "label: value" lines; null when the page has no table. */
export function pageTextWithTables(runs: TextRun[]): string | null {
  const lines = toLines(runs);
  const out: string[] = [];
  let found = false;
  for (let i = 0; i < lines.length;) {
    let j = i;
    while (j < lines.length && lines[j].cells.length >= 2 && (j === i || sameTable(lines, i, j))) j++;
    if (j - i >= 2) {
      out.push(...tableLines(lines.slice(i, j)));
      found = true;
      i = j;
    } else {
      out.push(lines[i].text);
      i++;
    }
  }
  return found ? out.join("\n") : null;
}
