import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type * as Fontkit from "fontkit";
import { storedTranslator, translateStored, translator, type Locale } from "#app/i18n/index";
import { industryLabel } from "#app/i18n/labels";
import { formatFen, formatYuan } from "#app/i18n/react";
import { radarPolygon, radarRings, spoke, tornadoBars } from "#app/domain/valuation/charts";
import { addMonths } from "#app/domain/dates";
import { driverStep, explain, flagText, formatBp } from "#app/domain/valuation/explain";
import { engineOf } from "#app/domain/valuation/parameters";
import type { AssetValuation, ValuationResult } from "#app/domain/valuation/types";

/**
 * The valuation report as a PDF (A4, zh-CN or en): inputs, methods and formulas, scores with a radar
 * chart, the value range, sensitivity with a tornado chart, flags, model version and date. Charts are
 * drawn with pdfkit's vector paths; text stays text (searchable, and checkable by tests).
 *
 * Chinese needs a CJK font. It comes with `npm ci`: `@embedpdf/fonts-sc` ships Noto Sans SC (OFL)
 * as OpenType files that pdfkit embeds as subsets. When that package is missing, a system font
 * (WenQuanYi Zen Hei, Noto Sans CJK) is used; with none at all the report is written in English
 * with the built-in Helvetica, and says so, rather than failing the valuation.
 */

/** A parsed font (fontkit) is reused by every report: parsing the CJK font is half the rendering time. */
type ParsedFont = ReturnType<typeof Fontkit.create>;
export type FontSet = { regular: ParsedFont | null; bold: ParsedFont | null; cjk: boolean; source: string };

const req = createRequire(import.meta.url);

function packageFontDir(): string | null {
  const candidates: string[] = [];
  try {
    candidates.push(path.join(path.dirname(req.resolve("@embedpdf/fonts-sc")), "..", "fonts"));
  } catch { /* not installed */ }
  candidates.push(path.join(process.cwd(), "node_modules", "@embedpdf", "fonts-sc", "fonts"));
  return candidates.find((d) => fs.existsSync(path.join(d, "NotoSansHans-Regular.otf"))) ?? null;
}

let loading: Promise<FontSet> | undefined;
/** The fonts, parsed once, on the first report (fontkit and pdfkit load then too, not at start-up). */
export function resolveFonts(): Promise<FontSet> {
  loading ??= loadFonts();
  return loading;
}

async function loadFonts(): Promise<FontSet> {
  let cachedFonts: FontSet;
  const fontkit = await import("fontkit");
  const dir = packageFontDir();
  if (dir) {
    cachedFonts = {
      regular: fontkit.create(fs.readFileSync(path.join(dir, "NotoSansHans-Regular.otf"))),
      bold: fontkit.create(fs.readFileSync(path.join(dir, "NotoSansHans-Bold.otf"))),
      cjk: true, source: "@embedpdf/fonts-sc (Noto Sans SC)",
    };
    return cachedFonts;
  }
  const system = [
    { file: "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", family: "WenQuanYiZenHei" },
    { file: "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", family: "NotoSansCJKsc-Regular" },
  ].find((f) => fs.existsSync(f.file));
  if (system) {
    const font = fontkit.create(fs.readFileSync(system.file), system.family);
    cachedFonts = { regular: font, bold: font, cjk: true, source: system.file };
  } else {
    cachedFonts = { regular: null, bold: null, cjk: false, source: "Helvetica (no CJK font found)" };
  }
  return cachedFonts;
}

/**
 * pdfkit shapes each word with fontkit (GSUB/GPOS) and caches the result per document; the shaping
 * depends only on the font, so every report shares one cache per parsed font instead (replaced now
 * and then so that it stays bounded). The glyph subset stays per document: a report embeds only the
 * glyphs it uses, in the order it uses them, which keeps it byte-identical for the same result.
 */
const LAYOUT_CACHE_REPORTS = 500;
const layoutCaches = new WeakMap<ParsedFont, { cache: Record<string, unknown>; uses: number }>();
function shareLayouts(doc: PDFKit.PDFDocument, name: string, font: ParsedFont) {
  let shared = layoutCaches.get(font);
  if (!shared || shared.uses >= LAYOUT_CACHE_REPORTS) {
    shared = { cache: Object.create(null) as Record<string, unknown>, uses: 0 };
    layoutCaches.set(font, shared);
  }
  shared.uses++;
  doc.font(name);
  // pdfkit's EmbeddedFont keeps its cache in `layoutCache` (and skips caching when it is absent).
  const embedded = (doc as unknown as { _font: { layoutCache?: Record<string, unknown> } })._font;
  if (embedded.layoutCache) embedded.layoutCache = shared.cache;
}

export type ReportData = { id: string; result: ValuationResult; orgName: string; locale: Locale };

const A4 = { w: 595.28, h: 841.89 };
const M = 50;
const INK = "#1b2333";
const MUTED = "#5b6478";
const BRAND = "#134a9e";
const LINE = "#d5dbe6";
const SERIES = ["#134a9e", "#c2410c", "#15803d", "#7c3aed"];

export async function renderValuationReport(data: ReportData, given?: FontSet): Promise<Buffer> {
  const fonts = given ?? (await resolveFonts());
  const { default: PDFDocument } = await import("pdfkit");
  const locale: Locale = fonts.cjk ? data.locale : "en";
  const t = translator(locale);
  const money = (v: bigint) => formatFen(v, locale);
  // Estimates in whole yuan, as the pages show them; inputs and the worked computation keep the fen.
  const estimate = (v: bigint) => formatYuan(v, locale);
  // Without a CJK font, Chinese would print as garbage: fall back to the asset number.
  const safe = (s: string, fallback: string) => (fonts.cjk || /^[\x20-\x7e]*$/.test(s) ? s : fallback);
  const r = data.result;

  const doc = new PDFDocument({
    // No default font: pdfkit would parse Helvetica's metrics for every document, unused.
    size: "A4", margin: M, bufferPages: true, font: null as unknown as string,
    info: {
      Title: `${t("valuation.pdf.title")} ${data.id}`, Author: t("app.name"), Subject: r.modelVersion,
      CreationDate: new Date(`${r.valuationDate}T00:00:00+08:00`),
    },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  if (fonts.regular && fonts.bold) {
    // pdfkit takes a parsed fontkit font as well as a file (its types only name the latter).
    doc.registerFont("body", fonts.regular as unknown as Buffer);
    doc.registerFont("bold", fonts.bold as unknown as Buffer);
    shareLayouts(doc, "bold", fonts.bold);
    shareLayouts(doc, "body", fonts.regular);
  } else {
    doc.registerFont("body", "Helvetica");
    doc.registerFont("bold", "Helvetica-Bold");
  }

  const width = A4.w - 2 * M;
  const ensure = (h: number) => {
    if (doc.y + h > A4.h - M - 20) doc.addPage();
  };
  const h1 = (s: string) => {
    doc.font("bold").fontSize(20).fillColor(BRAND).text(s, M, doc.y, { width });
    doc.moveDown(0.4);
  };
  const h2 = (s: string) => {
    ensure(60);
    doc.moveDown(0.6);
    doc.font("bold").fontSize(13).fillColor(BRAND).text(s, M, doc.y, { width });
    doc.moveTo(M, doc.y + 2).lineTo(M + width, doc.y + 2).lineWidth(0.6).strokeColor(LINE).stroke();
    doc.moveDown(0.5);
  };
  const para = (s: string, opts: { size?: number; color?: string } = {}) => {
    ensure(20);
    doc.font("body").fontSize(opts.size ?? 9.5).fillColor(opts.color ?? INK).text(s, M, doc.y, { width, lineGap: 2 });
    doc.moveDown(0.3);
  };
  /** A simple table: column widths as fractions of the page width; numeric columns right-aligned. */
  const table = (head: string[], rows: string[][], cols: number[], align: Array<"left" | "right"> = []) => {
    const ws = cols.map((c) => c * width);
    const row = (cells: string[], bold: boolean) => {
      doc.font(bold ? "bold" : "body").fontSize(8.5);
      const h = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: ws[i]! - 6 }))) + 6;
      ensure(h);
      const y = doc.y;
      if (bold) doc.rect(M, y, width, h).fill("#eef2f8");
      let x = M;
      cells.forEach((c, i) => {
        doc.fillColor(INK).font(bold ? "bold" : "body").fontSize(8.5).text(c, x + 3, y + 3, { width: ws[i]! - 6, align: align[i] ?? "left" });
        x += ws[i]!;
      });
      doc.moveTo(M, y + h).lineTo(M + width, y + h).lineWidth(0.4).strokeColor(LINE).stroke();
      doc.x = M;
      doc.y = y + h;
    };
    row(head, true);
    for (const r0 of rows) row(r0, false);
    doc.moveDown(0.5);
  };

  // ---- cover: who, what, when, and the range -------------------------------------------------
  h1(t("valuation.pdf.title"));
  para(t("valuation.pdf.subtitle"), { color: MUTED });
  if (!fonts.cjk && data.locale !== "en") para("Note: no CJK font was available, so this report is in English.", { color: MUTED });
  table([t("valuation.pdf.field"), t("valuation.pdf.value")], [
    [t("valuation.pdf.reportNo"), data.id],
    [t("valuation.pdf.owner"), safe(data.orgName, "—")],
    [t("valuation.purpose.label"), t(`valuation.purpose.${r.purpose}`)],
    [t("valuation.pdf.valuationDate"), r.valuationDate],
    [t("valuation.pdf.validUntil"), addMonths(r.valuationDate, 12)],
    [t("valuation.pdf.model"), r.modelVersion],
    [t("valuation.pdf.currency"), t("valuation.pdf.currencyValue")],
  ], [0.3, 0.7]);

  h2(t("valuation.result.range"));
  doc.font("bold").fontSize(16).fillColor(INK).text(`${estimate(r.low)} – ${estimate(r.high)}`, M, doc.y, { width });
  doc.font("body").fontSize(10).fillColor(MUTED).text(`${t("valuation.result.base")}: ${estimate(r.base)}`, M, doc.y, { width });
  doc.moveDown(0.5);
  table(
    [t("valuation.asset.number"), t("valuation.asset.kind"), t("valuation.asset.title"), t("valuation.result.low"), t("valuation.result.base"), t("valuation.result.high")],
    r.assets.map((a) => [a.number, t(`valuation.kind.${a.kind}`), safe(a.title, a.number), estimate(a.low), estimate(a.base), estimate(a.high)]),
    [0.16, 0.1, 0.26, 0.16, 0.16, 0.16], ["left", "left", "left", "right", "right", "right"],
  );

  h2(t("valuation.result.explanation"));
  for (const s of explain(r, storedTranslator(t), estimate, (_, title) => safe(title, "—"))) para(`• ${s}`);

  h2(t("valuation.flags.title"));
  if (!r.flags.length) para(t("valuation.flags.none"));
  for (const f of r.flags) {
    const asset = r.assets.find((a) => a.assetId === f.assetId);
    const prefix = asset ? `[${asset.number}] ` : "";
    para(`${t(`valuation.severity.${f.severity}`)} · ${prefix}${flagText(f, storedTranslator(t))}`, { color: f.severity === "stop" ? "#b42318" : f.severity === "warn" ? "#b54708" : INK });
  }

  // ---- inputs ----------------------------------------------------------------------------------
  doc.addPage();
  h1(t("valuation.pdf.inputs"));
  h2(t("valuation.pdf.assetFacts"));
  const facts = r.inputs.assets;
  table(
    [t("valuation.asset.number"), t("valuation.pdf.dates"), t("valuation.pdf.status"), t("valuation.pdf.facts")],
    facts.map((a) => [
      `${a.number}\n${t(`valuation.kind.${a.kind}`)} · ${industryLabel(t, a.industry)}`,
      `${t("valuation.pdf.filed")} ${a.filingDate}\n${t("valuation.pdf.granted")} ${a.grantDate ?? "—"}\n${t("valuation.pdf.expires")} ${a.expiryDate}`,
      `${t(`valuation.legal.${a.legalStatus}`)}\n${t("valuation.pdf.annuity")} ${a.annuityPaidThrough ?? "—"}`,
      [
        `${t("valuation.ind.claims")}: ${a.claimsCount ?? "—"}`, `${t("valuation.ind.citations")}: ${a.citationsCount ?? "—"}`,
        `${t("valuation.ind.overseas_family")}: ${a.overseasFamilyCount}`, `${t("valuation.pdf.coOwners")}: ${a.coOwnerCount}`,
        `${t("valuation.pdf.encumbrances")}: ${a.encumbrances.map((e) => t(`valuation.enc.${e}`)).join(", ") || "—"}`,
        a.ipcClasses.length ? `IPC: ${a.ipcClasses.join(", ")}` : a.niceClasses.length ? `${t("valuation.pdf.nice")}: ${a.niceClasses.join(", ")}` : "",
      ].filter(Boolean).join("; "),
    ]),
    [0.22, 0.24, 0.18, 0.36],
  );
  h2(t("valuation.pdf.questionnaire"));
  const q = r.inputs.questionnaire;
  const answered = (v: unknown) => (v === undefined || v === null ? t("valuation.pdf.notAnswered") : String(v));
  table([t("valuation.pdf.field"), t("valuation.pdf.value")], [
    [t("valuation.q.annualRevenue"), q.annualRevenueFen != null ? money(q.annualRevenueFen) : answered(null)],
    [t("valuation.q.revenueGrowth"), q.revenueGrowthBp != null ? formatBp(q.revenueGrowthBp) : answered(null)],
    [t("valuation.q.marketSize"), q.marketSizeFen != null ? money(q.marketSizeFen) : answered(null)],
    [t("valuation.q.marketShare"), q.marketShareBp != null ? formatBp(q.marketShareBp) : answered(null)],
    [t("valuation.q.maturity"), answered(q.maturity)],
    [t("valuation.q.substitutability"), answered(q.substitutability)],
    [t("valuation.q.economicLifeYears"), answered(q.economicLifeYears)],
    [t("valuation.q.rdCost"), q.rdCostFen != null ? `${money(q.rdCostFen)} (${answered(q.rdCostYear)})` : answered(null)],
  ], [0.45, 0.55]);
  para(t("valuation.pdf.comparablesUsed", { n: r.inputs.comparables.length }), { color: MUTED });
  h2(t("valuation.pdf.parameters"));
  const p = r.inputs.parameters;
  table([t("valuation.pdf.field"), t("valuation.pdf.value")], [
    [t("valuation.pdf.paramVersion"), p.version],
    [t("valuation.pdf.riskFree"), formatBp(p.riskFreeBp)],
    [t("valuation.pdf.tax"), formatBp(p.taxBp)],
    [t("valuation.pdf.premiums"), `${t("valuation.pdf.technology")} ${formatBp(p.premiumsBp.technology.strong)}/${formatBp(p.premiumsBp.technology.medium)}/${formatBp(p.premiumsBp.technology.weak)}; ${t("valuation.pdf.market")} ${formatBp(p.premiumsBp.market.strong)}/${formatBp(p.premiumsBp.market.medium)}/${formatBp(p.premiumsBp.market.weak)}; ${t("valuation.pdf.funding")} ${formatBp(p.premiumsBp.funding)}; ${t("valuation.pdf.management")} ${formatBp(p.premiumsBp.management)}`],
    [t("valuation.pdf.approachWeights"), `${t("valuation.approach.income")} ${p.approachWeights[r.purpose].income} · ${t("valuation.approach.market")} ${p.approachWeights[r.purpose].market} · ${t("valuation.approach.cost")} ${p.approachWeights[r.purpose].cost}`],
    [t("valuation.pdf.dimensionWeights"), `${t("valuation.dim.legal")} ${p.dimensionWeights[r.purpose].legal} · ${t("valuation.dim.technical")} ${p.dimensionWeights[r.purpose].technical} · ${t("valuation.dim.economic")} ${p.dimensionWeights[r.purpose].economic}`],
  ], [0.35, 0.65]);

  // ---- methods and formulas --------------------------------------------------------------------
  doc.addPage();
  h1(t("valuation.pdf.methods"));
  para(t("valuation.pdf.formulaScores"));
  // A result of engine 1.1 discounted a partial last year as a whole year: its report says so.
  para(t(engineOf(r.modelVersion) === "1.1" ? "valuation.pdf.formulaIncome11" : "valuation.pdf.formulaIncome"));
  para(t("valuation.pdf.formulaDiscount"));
  para(t("valuation.pdf.formulaMarket"));
  para(t("valuation.pdf.formulaCost"));
  para(t("valuation.pdf.formulaReconcile"));
  para(t("valuation.pdf.rounding"), { color: MUTED });

  // ---- per asset: scores (radar) and the approaches ----------------------------------------------
  for (const [i, a] of r.assets.entries()) {
    doc.addPage();
    h1(`${a.number} · ${safe(a.title, "")}`);
    para(`${t(`valuation.kind.${a.kind}`)} · ${t(`valuation.legal.${a.effectiveStatus}`)} · ${t("valuation.pdf.remaining", { months: a.remainingMonths, term: a.termMonths })}`, { color: MUTED });
    h2(t("valuation.scores.title"));
    const top = doc.y;
    drawRadar(doc, a, M + 120, top + 125, 95, t, SERIES[i % SERIES.length]!);
    const dims = [
      [t("valuation.dim.legal"), a.scores.legal], [t(a.kind === "trademark" ? "valuation.dim.brand" : "valuation.dim.technical"), a.scores.technical],
      [t("valuation.dim.economic"), a.scores.economic], [t("valuation.dim.composite"), a.scores.composite],
    ] as const;
    let y = top + 20;
    for (const [label, v] of dims) {
      doc.font("body").fontSize(10).fillColor(MUTED).text(label, M + 300, y, { width: 120 });
      doc.font("bold").fontSize(16).fillColor(INK).text(String(v), M + 420, y - 4, { width: 70, align: "right" });
      y += 34;
    }
    doc.x = M;
    doc.y = top + 260;
    table(
      [t("valuation.pdf.indicator"), t("valuation.pdf.dimension"), t("valuation.pdf.weight"), t("valuation.pdf.score")],
      a.scores.indicators.map((x) => [
        `${translateStored(t, `valuation.ind.${x.key}`)}${x.defaulted ? ` (${t("valuation.pdf.defaulted")})` : ""}`,
        t(x.dimension === "technical" && a.kind === "trademark" ? "valuation.dim.brand" : `valuation.dim.${x.dimension}`), String(x.weight), String(x.score),
      ]),
      [0.45, 0.25, 0.15, 0.15], ["left", "left", "right", "right"],
    );
    h2(t("valuation.approach.income"));
    const inc = a.income;
    if (!inc.applicable) para(t("valuation.pdf.notApplied"));
    else {
      para(t("valuation.pdf.incomeTerms", {
        revenue: money(inc.revenueBaseFen), growth: formatBp(inc.growthBp), royalty: formatBp(inc.royaltyBp),
        range: `${formatBp(inc.royaltyRangeBp[0])}–${formatBp(inc.royaltyRangeBp[1])}`, tax: formatBp(inc.taxBp), discount: formatBp(inc.discountBp),
        parts: `${formatBp(inc.discountParts.riskFree)} + ${formatBp(inc.discountParts.technology)} + ${formatBp(inc.discountParts.market)} + ${formatBp(inc.discountParts.funding)} + ${formatBp(inc.discountParts.management)}`,
        horizon: inc.horizonMonths, life: inc.economicLifeMonths, legal: inc.remainingLegalMonths, probability: formatBp(inc.grantProbabilityBp),
      }));
      table(
        [t("valuation.pdf.year"), t("valuation.pdf.months"), t("valuation.pdf.revenue"), t("valuation.pdf.cashFlow"), t("valuation.pdf.presentValue")],
        inc.years.map((yr) => [String(yr.year), String(yr.months), money(yr.revenueFen), money(yr.cashFlowFen), money(yr.presentValueFen)]),
        [0.1, 0.1, 0.28, 0.26, 0.26], ["right", "right", "right", "right", "right"],
      );
      para(`${t("valuation.approach.income")}: ${estimate(inc.low)} / ${estimate(inc.base)} / ${estimate(inc.high)}`);
    }
    h2(t("valuation.approach.market"));
    if (a.market.comparables.length) {
      table([t("valuation.pdf.comparable"), t("valuation.pdf.pricePerAsset"), t("valuation.pdf.factor"), t("valuation.pdf.adjusted")],
        a.market.comparables.map((c) => [c.id.slice(0, 8), money(c.pricePerAssetFen), formatBp(c.factorBp), money(c.adjustedFen)]),
        [0.25, 0.25, 0.2, 0.3], ["left", "right", "right", "right"]);
    }
    para(a.market.applicable ? `${t("valuation.approach.market")}: ${money(a.market.low)} / ${money(a.market.base)} / ${money(a.market.high)}` : t("valuation.pdf.marketNotApplied", { found: a.market.comparables.length, needed: r.inputs.parameters.market.minComparables }));
    h2(t("valuation.approach.cost"));
    para(a.cost.applicable
      ? t("valuation.pdf.costTerms", { cost: money(a.cost.historicalCostFen), years: a.cost.years, replacement: money(a.cost.replacementCostFen), remaining: a.cost.remainingMonths, term: a.cost.termMonths, obsolescence: formatBp(a.cost.obsolescenceBp), value: money(a.cost.value) })
      : t("valuation.pdf.notApplied"));
    h2(t("valuation.pdf.reconciliation"));
    const wsum = a.weights.income + a.weights.market + a.weights.cost;
    para(wsum
      ? t("valuation.pdf.reconciled", { income: a.weights.income, market: a.weights.market, cost: a.weights.cost, total: wsum, low: money(a.low), base: money(a.base), high: money(a.high) })
      : t("valuation.pdf.zeroValue"));
  }

  // ---- sensitivity -------------------------------------------------------------------------------
  doc.addPage();
  h1(t("valuation.sensitivity.title"));
  para(t("valuation.sensitivity.intro", { base: money(r.base) }));
  drawTornado(doc, r, M, doc.y + 10, width, t, money);
  table(
    [t("valuation.sensitivity.driver"), t("valuation.sensitivity.step"), t("valuation.sensitivity.minus"), t("valuation.sensitivity.plus")],
    r.sensitivity.map((s) => [t(`valuation.driver.${s.driver}`), driverStep(s.driver, s.step, storedTranslator(t)), money(s.minus), money(s.plus)]),
    [0.3, 0.2, 0.25, 0.25], ["left", "left", "right", "right"],
  );
  para(t("valuation.pdf.disclaimer"), { color: MUTED, size: 8.5 });

  // Footer on every page: model version, date, page x / n.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font("body").fontSize(7.5).fillColor(MUTED).text(
      `${t("valuation.pdf.title")} · ${data.id} · ${r.modelVersion} · ${r.valuationDate} · ${i + 1}/${range.count}`,
      M, A4.h - 32, { width, align: "center", lineBreak: false },
    );
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}


function drawRadar(doc: PDFKit.PDFDocument, a: AssetValuation, cx: number, cy: number, radius: number, t: ReturnType<typeof translator>, color: string) {
  const ind = a.scores.indicators;
  const n = ind.length;
  doc.save();
  for (const ring of radarRings(n, cx, cy, radius)) {
    doc.polygon(...ring).lineWidth(0.5).strokeColor(LINE).stroke();
  }
  for (let i = 0; i < n; i++) {
    const [x, y] = spoke(i, n, cx, cy, radius);
    doc.moveTo(cx, cy).lineTo(x, y).lineWidth(0.4).strokeColor(LINE).stroke();
    const [lx, ly] = spoke(i, n, cx, cy, radius + 14);
    doc.font("body").fontSize(6.5).fillColor(MUTED).text(translateStored(t, `valuation.ind.${ind[i]!.key}`), lx - 40, ly - 4, { width: 80, align: "center", lineBreak: false });
  }
  const poly = radarPolygon(ind.map((x) => x.score), cx, cy, radius);
  doc.polygon(...poly).fillOpacity(0.25).fillAndStroke(color, color);
  doc.fillOpacity(1).lineWidth(1.2).polygon(...poly).strokeColor(color).stroke();
  doc.restore();
}

function drawTornado(doc: PDFKit.PDFDocument, r: ValuationResult, left: number, top: number, width: number, t: ReturnType<typeof translator>, money: (v: bigint) => string) {
  const labelW = 110;
  const plotLeft = left + labelW;
  const plotW = width - labelW - 10;
  const { axisX, bars } = tornadoBars(r.sensitivity.map((s) => ({ key: s.driver, minus: s.minus, plus: s.plus })), r.base, plotLeft, plotW);
  const barH = 22;
  doc.save();
  bars.forEach((b, i) => {
    const y = top + i * (barH + 10);
    doc.font("body").fontSize(9).fillColor(INK).text(t(`valuation.driver.${b.key}`), left, y + 6, { width: labelW - 8, lineBreak: false });
    // The lower of the two shifted values in orange, the higher in blue.
    const lowX = Math.min(b.minusX, b.plusX);
    const highX = Math.max(b.minusX, b.plusX);
    doc.rect(Math.min(lowX, axisX), y, Math.max(Math.abs(axisX - lowX), 0.5), barH).fill("#f59e0b");
    doc.rect(axisX, y, Math.max(highX - axisX, 0.5), barH).fill("#134a9e");
  });
  const bottom = top + bars.length * (barH + 10);
  doc.moveTo(axisX, top - 6).lineTo(axisX, bottom).lineWidth(1).strokeColor(INK).stroke();
  doc.font("body").fontSize(8).fillColor(MUTED).text(`${t("valuation.result.base")} ${money(r.base)}`, axisX - 100, bottom + 4, { width: 200, align: "center" });
  doc.restore();
  doc.x = left;
  doc.y = bottom + 24;
}
