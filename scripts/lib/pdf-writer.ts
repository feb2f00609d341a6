/**
 * A minimal PDF writer for fixtures: real PDF 1.4 files (catalog, pages, Helvetica, one content stream
 * per page, xref table) with text placed at given coordinates, so tables are laid out as a word
 * processor would lay them out (cells as separately positioned runs). Latin-1 text only.
 */
export type Placed = { x: number; y: number; text: string; size?: number };

const esc = (s: string) => s.replace(/\\/g, "\\\\").replace(/\(/g, "\\(").replace(/\)/g, "\\)");

export function writePdf(pages: Placed[][]): Uint8Array {
  const objs: string[] = [];
  const add = (body: string) => objs.push(body) && objs.length;
  const catalog = add("");
  const pagesObj = add("");
  const font = add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
  const kids: number[] = [];
  for (const runs of pages) {
    const stream = runs.map((r) => `BT /F1 ${r.size ?? 10} Tf 1 0 0 1 ${r.x} ${r.y} Tm (${esc(r.text)}) Tj ET`).join("\n");
    const content = add(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
    kids.push(
      add(
        `<< /Type /Page /Parent ${pagesObj} 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${content} 0 R >>`,
      ),
    );
  }
  objs[catalog - 1] = `<< /Type /Catalog /Pages ${pagesObj} 0 R >>`;
  objs[pagesObj - 1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(" ")}] /Count ${kids.length} >>`;
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objs.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root ${catalog} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  const bytes = new Uint8Array(out.length);
  for (let i = 0; i < out.length; i++) bytes[i] = out.charCodeAt(i) & 0xff;
  return bytes;
}

/** Lines of body text from the top of the page, then returns the next free y. */
export function textLines(lines: string[], x = 72, top = 720, step = 16): { runs: Placed[]; y: number } {
  return { runs: lines.map((text, i) => ({ x, y: top - i * step, text })), y: top - lines.length * step };
}

/** A table: one run per cell, columns at the given x positions, rows `step` apart. */
export function tableRuns(columns: number[], rows: string[][], top: number, step = 18): { runs: Placed[]; y: number } {
  const runs: Placed[] = [];
  rows.forEach((row, r) => row.forEach((text, c) => text && runs.push({ x: columns[c], y: top - r * step, text })));
  return { runs, y: top - rows.length * step };
}
