import PDFDocument from 'pdfkit';
import type { Block } from './report.js';

/** The two renderings of a report: a self-contained HTML page (no remote asset) and a PDF in pdfkit's built-in fonts. */

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const STYLE =
  'body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.4}' +
  'section{border-top:1px solid #999;margin-top:2rem}code{display:block;background:#eee;padding:.5rem;white-space:pre-wrap;word-break:break-all}' +
  '@media print{section{break-before:page;border:0}}';

/** The report as one HTML page (inline style, nothing fetched). */
export function renderHtml(blocks: readonly Block[], lang: string, title: string): Buffer {
  const parts: string[] = [];
  let inList = false;
  let inSection = false;
  const closeList = (): void => {
    if (inList) parts.push('</ul>');
    inList = false;
  };
  for (const b of blocks) {
    if (b.kind !== 'li') closeList();
    switch (b.kind) {
      case 'page':
        if (inSection) parts.push('</section>');
        parts.push('<section>');
        inSection = true;
        break;
      case 'title':
        parts.push(`<h1>${escapeHtml(b.text)}</h1>`);
        break;
      case 'h2':
      case 'h3':
      case 'p':
        parts.push(`<${b.kind}>${escapeHtml(b.text)}</${b.kind}>`);
        break;
      case 'code':
        parts.push(`<code>${escapeHtml(b.text)}</code>`);
        break;
      case 'li':
        if (!inList) parts.push('<ul>');
        inList = true;
        parts.push(`<li>${escapeHtml(b.text)}</li>`);
        break;
    }
  }
  closeList();
  if (inSection) parts.push('</section>');
  const html =
    `<!DOCTYPE html>\n<html lang="${lang}">\n<head>\n<meta charset="utf-8">\n<title>${escapeHtml(title)}</title>\n` +
    `<style>${STYLE}</style>\n</head>\n<body>\n${parts.join('\n')}\n</body>\n</html>\n`;
  return Buffer.from(html, 'utf8');
}

// What the built-in fonts (WinAnsi) can draw: Latin-1 and the Windows-1252 extras (– — ‘ ’ “ ” „ • … € …).
const WIN_ANSI_EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';
/** Text the built-in fonts can draw: anything else (emoji, other scripts) becomes `?`. */
export function pdfSafe(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    out += (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || WIN_ANSI_EXTRA.includes(ch) ? ch : '?';
  }
  return out;
}

/** The report as a PDF (A4, Helvetica/Courier built in; fixed metadata so that it is deterministic). */
export async function renderPdf(blocks: readonly Block[], title: string, pageWord: string): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    bufferPages: true,
    compress: true,
    info: { Title: pdfSafe(title), Producer: 'Vigie', Creator: 'Vigie', CreationDate: new Date(0) },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((res, rej) => {
    doc.on('end', res);
    doc.on('error', rej);
  });
  let fresh = true;
  for (const b of blocks) {
    switch (b.kind) {
      case 'page':
        if (!fresh) doc.addPage();
        fresh = true;
        continue;
      case 'title':
        doc.font('Helvetica-Bold').fontSize(16).text(pdfSafe(b.text)).moveDown();
        break;
      case 'h2':
        doc.font('Helvetica-Bold').fontSize(13).text(pdfSafe(b.text)).moveDown(0.5);
        break;
      case 'h3':
        doc.moveDown(0.3).font('Helvetica-Bold').fontSize(11).text(pdfSafe(b.text)).moveDown(0.2);
        break;
      case 'p':
        doc.font('Helvetica').fontSize(10).text(pdfSafe(b.text)).moveDown(0.4);
        break;
      case 'li':
        doc
          .font('Helvetica')
          .fontSize(9)
          .text(`• ${pdfSafe(b.text)}`, { indent: 10 });
        break;
      case 'code':
        doc.font('Courier').fontSize(8).text(pdfSafe(b.text)).moveDown(0.4);
        break;
    }
    fresh = false;
  }
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica')
      .fontSize(8)
      .text(`${pageWord} ${i + 1} / ${range.count}`, 50, doc.page.height - 40, { lineBreak: false });
  }
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
