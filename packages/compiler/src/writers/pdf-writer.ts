import { createRequire } from 'node:module';
import pdfmake from 'pdfmake';
import type { Content, CustomTableLayout, TDocumentDefinitions, TableCell } from 'pdfmake/interfaces.js';
import type { WriterFactory } from '../types.js';
import { reportWriter, textLines, type ReportIntro, type ReportTable, type TextTable } from './report-content.js';

/**
 * PDF via pdfmake: a title page with the spec summary, then one section per table with its header row repeated
 * on every page. pdfmake lays out the whole document at once, so rows are held (as text) up to `max_rows` a
 * table and the document is rendered in `finish`.
 */

/** pdfkit stamps "now" and derives the file /ID from the info dictionary: a fixed date makes both stable. */
const FIXED_DATE = new Date(Date.UTC(2000, 0, 1, 0, 0, 0));

const PAGE = { width: 595.28, height: 841.89 }; // A4 in points
const MARGIN = 30;
const CELL_PADDING_X = 3;
const LINE_WIDTH = 0.5;
const MIN_COLUMN_WIDTH = 12;

/** The Roboto files pdfmake ships (no network, no system fonts, same glyphs on every machine). */
function robotoFonts(): Record<string, { normal: string; bold: string; italics: string; bolditalics: string }> {
  const require = createRequire(import.meta.url);
  const file = (name: string) => require.resolve(`pdfmake/fonts/Roboto/${name}.ttf`);
  return { Roboto: { normal: file('Roboto-Regular'), bold: file('Roboto-Medium'), italics: file('Roboto-Italic'), bolditalics: file('Roboto-MediumItalic') } };
}

const TABLE_LAYOUT: CustomTableLayout = {
  hLineWidth: () => LINE_WIDTH,
  vLineWidth: () => LINE_WIDTH,
  hLineColor: () => '#999999',
  vLineColor: () => '#999999',
  paddingLeft: () => CELL_PADDING_X,
  paddingRight: () => CELL_PADDING_X,
  paddingTop: () => 1.5,
  paddingBottom: () => 1.5,
  fillColor: (row) => (row === 0 ? '#e8e8e8' : null),
};

export const pdfWriter: WriterFactory = reportWriter('pdf', async (intro, sections, report) =>
  renderPdf(documentDefinition(intro, sections, report.orientation === 'landscape')));

async function renderPdf(doc: TDocumentDefinitions): Promise<Uint8Array> {
  const fonts = robotoFonts();
  const allowed = new Set(Object.values(fonts.Roboto!));
  pdfmake.setFonts(fonts);
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((path) => allowed.has(path));
  return pdfmake.createPdf(doc).getBuffer();
}

function documentDefinition(intro: ReportIntro, sections: ReportTable[], landscapeFirst: boolean): TDocumentDefinitions {
  const content: Content[] = [{ text: intro.title, style: 'title' }];
  if (intro.description !== undefined) content.push({ text: intro.description, style: 'description' });
  content.push({ text: intro.facts.join('   ·   '), style: 'facts' });
  content.push({ text: 'Tables', style: 'heading' });
  content.push(textTable(intro.summary, [1, 1, 4], landscapeFirst));
  for (const s of sections) content.push(...tableSection(s));
  return {
    pageSize: 'A4',
    pageOrientation: landscapeFirst ? 'landscape' : 'portrait',
    pageMargins: MARGIN,
    info: { title: intro.title, creator: 'synth', producer: 'synth (pdfmake)', creationDate: FIXED_DATE, modDate: FIXED_DATE },
    defaultStyle: { font: 'Roboto', fontSize: 7, lineHeight: 1.1 },
    styles: {
      title: { fontSize: 16, bold: true, margin: [0, 0, 0, 6] },
      description: { fontSize: 9, margin: [0, 0, 0, 6] },
      facts: { fontSize: 8, color: '#444444', margin: [0, 0, 0, 10] },
      heading: { fontSize: 11, bold: true, margin: [0, 0, 0, 6] },
      note: { fontSize: 8, italics: true, margin: [0, 0, 0, 4] },
      header: { bold: true },
    },
    footer: (page, pages) => ({ text: `${intro.title} — page ${page} of ${pages}`, alignment: 'center', fontSize: 7, color: '#666666', margin: [0, 10, 0, 0] }),
    content,
  };
}

/** A table's heading on a new page (landscape when it is wide), its notes, and the table. */
function tableSection(s: ReportTable): Content[] {
  const out: Content[] = [{ text: s.name, style: 'heading', pageBreak: 'before', pageOrientation: s.landscape ? 'landscape' : 'portrait' }];
  if (s.description !== undefined) out.push({ text: s.description, style: 'description' });
  if (s.note !== undefined) out.push({ text: s.note, style: 'note' });
  out.push(textTable(s, s.widths, s.landscape));
  return out;
}

/** A pdfmake table whose header row repeats at the top of every page it runs onto. */
function textTable(t: TextTable, weights: number[], landscape: boolean): Content {
  const header: TableCell[] = t.header.map((h) => ({ text: textLines(h).join('\n'), style: 'header' }));
  const body: TableCell[][] = [header, ...t.rows.map((row) => row.map((v) => textLines(v).join('\n')))];
  // dontBreakRows: a row split across pages reads as two rows.
  return { table: { headerRows: 1, dontBreakRows: true, widths: columnWidths(weights, landscape), body }, layout: TABLE_LAYOUT };
}

/** Points per column, filling the page width in proportion to the weights (pdfmake widths exclude padding). */
function columnWidths(weights: number[], landscape: boolean): number[] {
  const usable = (landscape ? PAGE.height : PAGE.width) - 2 * MARGIN;
  const forText = usable - weights.length * 2 * CELL_PADDING_X - (weights.length + 1) * LINE_WIDTH;
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => Math.max(MIN_COLUMN_WIDTH, Math.floor((forText * w) / total * 100) / 100));
}
