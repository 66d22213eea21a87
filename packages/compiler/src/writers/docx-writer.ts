import {
  AlignmentType,
  Document,
  Footer,
  HeadingLevel,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
  type ISectionOptions,
} from 'docx';
import type { WriterFactory } from '../types.js';
import { reportWriter, textLines, type ReportIntro, type ReportTable, type TextTable } from './report-content.js';

/**
 * Word (docx) via the docx library: a first section with the title and the spec summary, then one section per
 * table (landscape when wide) whose first row is marked as a header row, so Word repeats it on every page.
 * The library builds the whole document in memory, so rows are held (as text) up to `max_rows` a table and the
 * file is packed in `finish`.
 */

/** A4 in twips (1/20 pt); docx swaps width and height for landscape sections. */
const A4 = { width: 11906, height: 16838 };
const MARGIN = 720; // 0.5 in
/** Half-points: 8 pt body text. */
const FONT_SIZE = 16;
const FONT = 'Arial';
/** Written as the document's created and modified dates: docx would stamp the time of packing. */
const FIXED_DATE = '2000-01-01T00:00:00Z';

export const docxWriter: WriterFactory = reportWriter('docx', async (intro, sections, report) => {
  const doc = new Document({
    title: intro.title,
    creator: 'synth',
    styles: { default: { document: { run: { font: FONT, size: FONT_SIZE } } } },
    sections: [introSection(intro, report.orientation === 'landscape'), ...sections.map(tableSection)],
  });
  const packed = await Packer.toBuffer(doc, false, [{ path: 'docProps/core.xml', data: coreProperties(intro) }]);
  return pinZipTimes(packed);
});

function introSection(intro: ReportIntro, landscape: boolean): ISectionOptions {
  const children: Array<Paragraph | Table> = [new Paragraph({ text: intro.title, heading: HeadingLevel.TITLE })];
  if (intro.description !== undefined) children.push(...textLines(intro.description).map((line) => new Paragraph({ text: line })));
  children.push(new Paragraph({ text: intro.facts.join('   ·   '), spacing: { after: 200 } }));
  children.push(new Paragraph({ text: 'Tables', heading: HeadingLevel.HEADING_1 }));
  children.push(textTable(intro.summary, [1, 1, 4], landscape));
  return { properties: pageProperties(landscape), footers: { default: pageFooter(intro.title) }, children };
}

/** A table on pages of its own: heading, notes, and the table. */
function tableSection(s: ReportTable): ISectionOptions {
  const children: Array<Paragraph | Table> = [new Paragraph({ text: s.name, heading: HeadingLevel.HEADING_1 })];
  if (s.description !== undefined) children.push(...textLines(s.description).map((line) => new Paragraph({ text: line })));
  if (s.note !== undefined) children.push(new Paragraph({ children: [new TextRun({ text: s.note, italics: true })] }));
  children.push(textTable(s, s.widths, s.landscape));
  // No footer of its own: a section without one continues the previous section's.
  return { properties: pageProperties(s.landscape), children };
}

function pageProperties(landscape: boolean): ISectionOptions['properties'] {
  return {
    page: {
      size: { width: A4.width, height: A4.height, orientation: landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT },
      margin: { top: MARGIN, right: MARGIN, bottom: MARGIN, left: MARGIN, header: MARGIN / 2, footer: MARGIN / 2 },
    },
  };
}

function pageFooter(title: string): Footer {
  return new Footer({
    children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ size: 14, children: [`${title} — page `, PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES] })] })],
  });
}

/** A fixed-layout table filling the page width; its first row repeats at the top of every page (w:tblHeader). */
function textTable(t: TextTable, weights: number[], landscape: boolean): Table {
  const usable = (landscape ? A4.height : A4.width) - 2 * MARGIN;
  const total = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((w) => Math.floor((usable * w) / total));
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: t.header.map((h, k) => textCell(h, widths[k]!, true)),
  });
  const body = t.rows.map((row) => new TableRow({ cantSplit: true, children: row.map((v, k) => textCell(v, widths[k]!, false)) }));
  return new Table({
    rows: [header, ...body],
    columnWidths: widths,
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    layout: TableLayoutType.FIXED,
    margins: { top: 20, bottom: 20, left: 60, right: 60 },
  });
}

/** One paragraph a line, so a value's line breaks stay line breaks. */
function textCell(text: string, width: number, header: boolean): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    ...(header ? { shading: { type: ShadingType.CLEAR, fill: 'E8E8E8', color: 'auto' } } : {}),
    children: textLines(text).map((line) => new Paragraph({ children: [(header ? new TextRun({ text: line, bold: true }) : new TextRun(line))] })),
  });
}

/** docProps/core.xml with fixed dates (docx would write the time of packing). */
function coreProperties(intro: ReportIntro): string {
  const description = intro.description !== undefined ? `<dc:description>${escapeXml(intro.description)}</dc:description>` : '';
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" ' +
    'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${escapeXml(intro.title)}</dc:title>${description}<dc:creator>synth</dc:creator><cp:lastModifiedBy>synth</cp:lastModifiedBy><cp:revision>1</cp:revision>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${FIXED_DATE}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${FIXED_DATE}</dcterms:modified>` +
    '</cp:coreProperties>'
  );
}

function escapeXml(text: string): string {
  return textLines(text)
    .join(' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
/** 1980-01-01 00:00:00, the earliest MS-DOS date a zip entry can carry. */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const DOS_TIME = 0;

/**
 * Sets every zip entry's modification time to 1980-01-01 00:00. The zip library stamps the time of packing,
 * in the machine's local time zone; the entries' compressed bytes are left as they are.
 */
export function pinZipTimes(zip: Uint8Array): Uint8Array {
  const out = Buffer.from(zip);
  let eocd = out.length - 22;
  while (eocd >= 0 && out.readUInt32LE(eocd) !== END_OF_CENTRAL_DIRECTORY) eocd--;
  if (eocd < 0) throw new Error('docx writer: the packed document is not a zip file');
  const entries = out.readUInt16LE(eocd + 10);
  let at = out.readUInt32LE(eocd + 16);
  for (let i = 0; i < entries; i++) {
    if (out.readUInt32LE(at) !== CENTRAL_HEADER) throw new Error('docx writer: unexpected zip central directory');
    out.writeUInt16LE(DOS_TIME, at + 12);
    out.writeUInt16LE(DOS_DATE, at + 14);
    const local = out.readUInt32LE(at + 42);
    if (out.readUInt32LE(local) !== LOCAL_HEADER) throw new Error('docx writer: unexpected zip local header');
    out.writeUInt16LE(DOS_TIME, local + 10);
    out.writeUInt16LE(DOS_DATE, local + 12);
    at += 46 + out.readUInt16LE(at + 28) + out.readUInt16LE(at + 30) + out.readUInt16LE(at + 32);
  }
  return out;
}
