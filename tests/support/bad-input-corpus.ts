import crypto from "node:crypto";
import { dictionaries, type Locale } from "#app/i18n/index";
import { randomUscc } from "./factories";
import { zipBomb } from "./heavy-spreadsheets";

/**
 * The bad-input corpus (issue 12): every form action and every /api/v1 write endpoint, the role that
 * may use it and a valid body, crossed with mutations of the body, the content type and the URL. Each
 * case must get a 4xx with a message in the chosen language and write nothing.
 */
export type Role = "anon" | "enterprise" | "bank" | "insurer" | "admin";
export type Endpoint = {
  path: string;
  role: Role;
  kind: "form" | "json";
  method?: "POST" | "PATCH" | "DELETE" | "PUT";
  /** A body the route accepts (or would, for its own object); field mutations change one field of it. */
  body: Record<string, unknown>;
  dateField?: string;
  amountField?: string;
  idField?: string;
  /**
   * A route that takes a file (multipart, field `file`): the intent its upload posts, whether the file
   * is a spreadsheet it parses, and whether its answer about a file's content is a verdict (200: /verify
   * tells what it found in any file) so that only a missing, empty or oversized file is a refusal.
   */
  upload?: { intent?: string; spreadsheet?: boolean; verdict?: boolean };
};

const uuid = () => crypto.randomUUID();
const form = (path: string, role: Role, body: Record<string, string> = {}, extra: Partial<Endpoint> = {}): Endpoint => ({ path, role, kind: "form", body, ...extra });
const api = (path: string, body: Record<string, unknown>, extra: Partial<Endpoint> = {}): Endpoint => ({ path, role: "bank", kind: "json", body, ...extra });

export function endpoints(): Endpoint[] {
  const id = uuid;
  return [
    // Anonymous forms.
    form("/login", "anon", { email: "nobody@test.ipm", password: "wrong-password-1" }),
    form("/signup", "anon", { orgKind: "enterprise", orgName: "语料测试企业", uscc: randomUscc(), name: "张三", email: `corpus-${id()}@test.ipm`, password: "Vivid-Kettle-42-Sun", passwordConfirm: "Vivid-Kettle-42-Sun" }),
    form("/forgot-password", "anon", { email: "nobody@test.ipm" }),
    form("/reset-password", "anon", { token: "x".repeat(43), password: "Vivid-Kettle-42-Sun", passwordConfirm: "Vivid-Kettle-42-Sun" }),
    form("/verify-email", "anon", { token: "x".repeat(43) }),
    form("/verify", "anon", { token: "x".repeat(43) }, { upload: { verdict: true } }),
    form("/webhooks/stripe", "anon", {}),
    // The enterprise's forms.
    form("/account", "enterprise", { intent: "approve", requestId: id() }, { idField: "requestId" }),
    form("/account/notifications", "enterprise", { intent: "resend" }),
    form("/assets/new", "enterprise", { kind: "invention", number: "ZL201910000001.0", title: "一种语料测试方法", filingDate: "2019-03-01", ipcClasses: "G06F 17/00" }, { dateField: "filingDate" }),
    form(`/assets/${id()}`, "enterprise", { intent: "upload" }, { upload: {} }),
    form("/assets/import", "enterprise", { intent: "preview" }, { upload: { spreadsheet: true } }),
    form(`/listings/${id()}`, "enterprise", { intent: "publish" }),
    form(`/listings/${id()}/edit`, "enterprise", { mode: "sale", title: "语料测试挂牌", assetIds: id(), askingPrice: "10000" }, { amountField: "askingPrice", idField: "assetIds" }),
    form("/listings/new", "enterprise", { mode: "sale", title: "语料测试挂牌", assetIds: id(), priceMode: "fixed", askingPrice: "10000" }, { amountField: "askingPrice", idField: "assetIds" }),
    form(`/market/${id()}`, "enterprise", { intent: "inquire", message: "您好" }),
    form("/notifications", "enterprise", { intent: "read-all" }),
    form("/saved-searches", "enterprise", { intent: "delete", id: id() }, { idField: "id" }),
    form(`/deals/${id()}`, "enterprise", { intent: "reject" }),
    form(`/deals/${id()}/messages`, "enterprise", { body: "您好" }),
    form(`/demands/${id()}`, "enterprise", { intent: "publish" }),
    form(`/demands/${id()}/edit`, "enterprise", { title: "语料需求", problem: "问题描述", keywords: "AI", budget: "1000" }, { amountField: "budget" }),
    form("/demands/new", "enterprise", { title: "语料需求", problem: "问题描述", industry: "other", keywords: "AI", budget: "1000" }, { amountField: "budget" }),
    form(`/financing/applications/${id()}`, "enterprise", { intent: "submit" }, { upload: { intent: "answer" } }),
    form("/financing/apply", "enterprise", { assetIds: id(), amount: "100000", termMonths: "12", purpose: "流动资金" }, { amountField: "amount", idField: "assetIds" }),
    form("/insurance", "enterprise", { productId: id(), subject: `loan:${id()}`, cover: "10000" }, { amountField: "cover", idField: "productId" }),
    form(`/registration/${id()}`, "enterprise", { intent: "prepare" }),
    form(`/royalties/${id()}`, "enterprise", { intent: "pay", amount: "100" }, { amountField: "amount" }),
    form("/subsidies", "enterprise", { intent: "apply", programId: id() }, { idField: "programId" }),
    form(`/valuations/${id()}`, "enterprise", { intent: "answer" }),
    form("/valuations/batches/new", "enterprise", { assetIds: id() }, { idField: "assetIds" }),
    form("/valuations/new", "enterprise", { assetIds: id() }, { idField: "assetIds" }),
    form("/logout", "enterprise", {}),
    // The bank's forms.
    form("/bank/api-keys", "bank", { intent: "create", name: "语料" }),
    form(`/bank/applications/${id()}`, "bank", { intent: "offer", amount: "100000", termMonths: "12", spreadBp: "100" }, { amountField: "amount" }),
    form(`/bank/loans/${id()}`, "bank", { intent: "repayment", amount: "100", paidOn: "2024-01-31" }, { amountField: "amount", dateField: "paidOn" }),
    form(`/bank/products/${id()}`, "bank", { intent: "pause" }),
    form("/bank/products/new", "bank", { name: "语料贷", minAmount: "100000", maxAmount: "1000000", minTermMonths: "6", maxTermMonths: "36", spreadBp: "100", eligibleIndustries: "other" }, { amountField: "maxAmount" }),
    form(`/bank/webhooks/${id()}`, "bank", { intent: "rotate" }),
    form("/bank/webhooks", "bank", { url: "https://example.com/hook", description: "语料", eventTypes: "application.submitted" }),
    form(`/claims/${id()}`, "bank", { intent: "approve", amount: "100" }, { amountField: "amount" }),
    // The insurer's forms.
    form(`/insurer/policies/${id()}`, "insurer", { intent: "issue" }),
    form("/insurer/products", "insurer", { intent: "create", kind: "pledge_loan", name: "语料险", premiumRate: "1.5", share: "30", maxCover: "1000000" }, { amountField: "maxCover" }),
    // The platform's forms.
    form("/admin", "admin", { intent: "reject", orgId: id(), reason: "不符合" }, { idField: "orgId" }),
    form(`/admin/campaigns/${id()}`, "admin", { intent: "launch" }),
    form(`/admin/campaigns/${id()}/edit`, "admin", { name: "语料活动" }),
    form(`/admin/campaigns/${id()}/events`, "admin", { intent: "create-event", title: "路演", startsAt: "2024-05-01T10:00" }, { dateField: "startsAt" }),
    form(`/admin/campaigns/${id()}/import`, "admin", { intent: "commit" }, { upload: { intent: "upload", spreadsheet: true } }),
    form("/admin/campaigns/new", "admin", { name: "语料活动", startsOn: "2024-05-01", endsOn: "2024-06-01" }, { dateField: "startsOn" }),
    form("/admin/deals", "admin", { intent: "reject", dealId: id() }, { idField: "dealId" }),
    form("/admin/funds", "admin", { name: "语料基金", code: "F1", capital: "1000000" }, { amountField: "capital" }),
    form("/admin/jobs", "admin", { intent: "retry", id: "1" }),
    form("/admin/listings", "admin", { intent: "reject", listingId: id(), reason: "不符合" }, { idField: "listingId" }),
    form("/admin/orgs", "admin", { intent: "suspend", orgId: id() }, { idField: "orgId" }),
    form("/admin/pledges", "admin", { intent: "approve", id: id() }, { idField: "id" }),
    form(`/admin/subsidies/${id()}`, "admin", { intent: "approve", amount: "100" }, { amountField: "amount" }),
    form("/admin/subsidies", "admin", { name: "语料补贴", budget: "100000", opensOn: "2024-01-01", closesOn: "2024-12-31" }, { amountField: "budget", dateField: "opensOn" }),
    form("/admin/targets", "admin", { intent: "population", year: "2024" }),
    form("/admin/users", "admin", { intent: "suspend", userId: id() }, { idField: "userId" }),
    // The bank API (write endpoints).
    api(`/api/v1/applications/${id()}/decision`, { decision: "approve", amountFen: 10_000_000, termMonths: 12, spreadBp: 100, repaymentMethod: "equal_installment" }, { amountField: "amountFen" }),
    api(`/api/v1/applications/${id()}/registration`, { cnipaNumber: "Z2024000001", registeredOn: "2024-01-31" }, { dateField: "registeredOn" }),
    api(`/api/v1/loans/${id()}/claims`, { policyId: id() }, { idField: "policyId" }),
    api(`/api/v1/loans/${id()}/disbursements`, { amountFen: 10_000_000, disbursedOn: "2024-01-31", reference: "D1" }, { amountField: "amountFen", dateField: "disbursedOn" }),
    api(`/api/v1/loans/${id()}/repayments`, { amountFen: 100_000, paidOn: "2024-01-31", reference: "R1" }, { amountField: "amountFen", dateField: "paidOn" }),
    api("/api/v1/webhooks", { url: "https://example.com/hook", description: "语料", eventTypes: ["application.submitted"] }),
    api(`/api/v1/webhooks/${id()}`, { enabled: false }, { method: "PATCH" }),
    api(`/api/v1/webhooks/${id()}/rotate`, {}),
    api(`/api/v1/webhooks/${id()}/deliveries/${id()}/replay`, {}),
    api("/api/v1/applications", {}),
    api(`/api/v1/listings/${id()}`, {}),
  ];
}

/** What a mutation sends: raw bytes/text with its content type, and a replaced path if it mangles the URL. */
export type Sent = { body: string | Uint8Array<ArrayBuffer>; type: string | null; path?: string };
export type Mutation = { name: string; applies?: (e: Endpoint) => boolean; make: (e: Endpoint) => Sent | Promise<Sent> };

const FORM = "application/x-www-form-urlencoded";
const JSON_TYPE = "application/json";
const enc = (o: Record<string, unknown>) => new URLSearchParams(Object.entries(o).map(([k, v]) => [k, String(v)])).toString();
/** The endpoint's valid body with one field replaced by raw (already encoded) text. */
function withRaw(e: Endpoint, field: string, rawForm: string, jsonValue: unknown, rawJson?: string): Sent {
  if (e.kind === "json") {
    const text = JSON.stringify({ ...e.body, [field]: rawJson === undefined ? jsonValue : "__RAW__" });
    return { body: rawJson === undefined ? text : text.replace('"__RAW__"', rawJson), type: JSON_TYPE };
  }
  const rest = Object.fromEntries(Object.entries(e.body).filter(([k]) => k !== field));
  return { body: [enc(rest), `${encodeURIComponent(field)}=${rawForm}`].filter(Boolean).join("&"), type: FORM };
}
/** A text field to poison: the first field that is not an intent, id, enum or number. */
function textField(e: Endpoint): string {
  const skip = new Set(["intent", "kind", "mode", "orgKind", "industry", "priceMode", "decision", "repaymentMethod", e.idField, e.amountField, e.dateField]);
  return Object.keys(e.body).find((k) => !skip.has(k) && typeof e.body[k] === "string") ?? "note";
}
const big = (n: number, ch = "a") => ch.repeat(n);

type UploadFile = { name: string; type: string; bytes: Uint8Array };
/** An upload route's multipart body: its fields (with the upload's intent) and, when given, a file in field `file`. */
function multipart(e: Endpoint, file?: UploadFile): Sent {
  const boundary = `corpus${crypto.randomBytes(8).toString("hex")}`;
  const fields = { ...e.body, ...(e.upload?.intent ? { intent: e.upload.intent } : {}) };
  const parts: Buffer[] = Object.entries(fields).map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${String(v)}\r\n`));
  if (file) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`), Buffer.from(file.bytes), Buffer.from("\r\n"));
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: new Uint8Array(Buffer.concat(parts)), type: `multipart/form-data; boundary=${boundary}` };
}
const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/** The file an upload route expects, by name and declared type. */
const expected = (e: Endpoint, bytes: Uint8Array): UploadFile =>
  e.upload?.spreadsheet ? { name: "assets.xlsx", type: XLSX_TYPE, bytes } : { name: "report.pdf", type: "application/pdf", bytes };
let bomb: Promise<Buffer> | undefined;

export function mutations(formMax: number, jsonMax: number, uploadMax = 10 * 1048576, inflateMax = 50 * 1048576): Mutation[] {
  const isForm = (e: Endpoint) => e.kind === "form";
  const isJson = (e: Endpoint) => e.kind === "json";
  const isUpload = (e: Endpoint) => !!e.upload;
  const isSpreadsheet = (e: Endpoint) => !!e.upload?.spreadsheet;
  const refusesContent = (e: Endpoint) => !!e.upload && !e.upload.verdict;
  // Over every upload route's limit (the asset import allows twice UPLOAD_MAX_BYTES), past the multipart overhead.
  const oversized = new Uint8Array(2 * uploadMax + 65_536 + 1);
  return [
    // Wrong content types and bodies that are not what the route reads.
    { name: "json body to a form", applies: isForm, make: (e) => ({ body: JSON.stringify(e.body), type: JSON_TYPE }) },
    { name: "invalid json", make: () => ({ body: '{"a":', type: JSON_TYPE }) },
    { name: "text/plain", make: (e) => ({ body: enc(e.body), type: "text/plain" }) },
    { name: "xml", make: () => ({ body: "<?xml version=\"1.0\"?><a>1</a>", type: "application/xml" }) },
    { name: "no content type", make: (e) => ({ body: enc(e.body), type: null }) },
    { name: "broken multipart", applies: isForm, make: () => ({ body: "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1", type: "multipart/form-data; boundary=x" }) },
    { name: "multipart without boundary", applies: isForm, make: () => ({ body: "a=1", type: "multipart/form-data" }) },
    { name: "form body to the api", applies: isJson, make: (e) => ({ body: enc(e.body), type: FORM }) },
    { name: "json array", applies: isJson, make: () => ({ body: "[1,2,3]", type: JSON_TYPE }) },
    { name: "json string", applies: isJson, make: () => ({ body: '"hello"', type: JSON_TYPE }) },
    { name: "duplicate json keys", applies: isJson, make: (e) => ({ body: JSON.stringify(e.body).replace(/^\{/, `{"${textField(e)}":"\\u0000",`), type: JSON_TYPE }) },
    // Characters the text rule refuses.
    { name: "NUL in a field", make: (e) => withRaw(e, textField(e), "a%00b", "a\u0000b") },
    { name: "control character in a field", make: (e) => withRaw(e, textField(e), "a%07%1Bb", "a\u0007\u001bb") },
    { name: "lone surrogate (invalid UTF-8)", make: (e) => withRaw(e, textField(e), "a%ED%A0%80b", null, '"a\\ud800b"') },
    { name: "invalid UTF-8 byte", applies: isForm, make: (e) => withRaw(e, textField(e), "%FF%FE", "") },
    { name: "broken percent escape", applies: isForm, make: (e) => withRaw(e, textField(e), "%E4%B8", "") },
    { name: "100k-character field", make: (e) => withRaw(e, textField(e), big(100_000, "长"), big(100_000, "长")) },
    // Dates, amounts and ids.
    { name: "impossible date", applies: (e) => !!e.dateField, make: (e) => withRaw(e, e.dateField!, "2023-02-30", "2023-02-30") },
    { name: "year 0000 date", applies: (e) => !!e.dateField, make: (e) => withRaw(e, e.dateField!, "0000-13-01", "0000-13-01") },
    { name: "huge amount", applies: (e) => !!e.amountField, make: (e) => withRaw(e, e.amountField!, "99999999999999999999999999", null, "1e300") },
    { name: "fractional amount", applies: (e) => !!e.amountField, make: (e) => withRaw(e, e.amountField!, "10.001", 100.5) },
    { name: "negative amount", applies: (e) => !!e.amountField, make: (e) => withRaw(e, e.amountField!, "-5", -5) },
    { name: "malformed id field", applies: (e) => !!e.idField, make: (e) => withRaw(e, e.idField!, "not-a-uuid'--", "not-a-uuid'--") },
    { name: "malformed id in the path", applies: (e) => /[0-9a-f]{8}-[0-9a-f]{4}-/.test(e.path), make: (e) => ({ ...withRaw(e, textField(e), "a%00", "a\u0000"), path: e.path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/, "1%27%20OR%201%3D1") }) },
    { name: "duplicate fields", applies: isForm, make: (e) => ({ body: `${enc(e.body)}&${encodeURIComponent(textField(e))}=a%00`, type: FORM }) },
    // Too large.
    { name: "oversized body", make: (e) => ({ body: e.kind === "json" ? JSON.stringify({ pad: big(jsonMax + 10) }) : `pad=${big(formMax + 10)}`, type: e.kind === "json" ? JSON_TYPE : FORM }) },
    { name: "oversized body, declared small", applies: isForm, make: () => ({ body: `${big(formMax + 10)}`, type: FORM }) },
    // Uploads and imports: multipart bodies with a missing, empty, mistyped, oversized or inflating file.
    { name: "upload without the file", applies: isUpload, make: (e) => multipart(e) },
    { name: "upload of an empty file", applies: isUpload, make: (e) => multipart(e, expected(e, new Uint8Array(0))) },
    { name: "upload of a program", applies: refusesContent, make: (e) => multipart(e, { name: "setup.exe", type: "application/x-msdownload", bytes: Buffer.from("MZ\x90\x00\x03\x00\x00\x00") }) },
    { name: "upload whose bytes are not its type", applies: refusesContent, make: (e) => multipart(e, expected(e, Buffer.from("not a pdf, not a workbook\n"))) },
    { name: "upload with a NUL in its file name", applies: refusesContent, make: (e) => multipart(e, { ...expected(e, Buffer.from("%PDF-1.4\n")), name: "a\u0000.pdf" }) },
    { name: "oversized upload", applies: isUpload, make: (e) => multipart(e, expected(e, oversized)) },
    {
      name: "zip bomb named .xlsx", applies: isSpreadsheet,
      make: async (e) => multipart(e, expected(e, await (bomb ??= zipBomb(Math.ceil(inflateMax / 1048576) + 14)))),
    },
  ];
}

/** Fragments of every error message of a language (its longest text between placeholders), to find one in a page. */
export function errorFragments(locale: Locale): string[] {
  const out = new Set<string>();
  for (const [key, value] of Object.entries(dictionaries[locale])) {
    // The imports' own refusals (a file without the required columns) are named by what is wrong.
    if (!/error|tooLarge|unsupported|broken|notFound|forbidden|invalid|tooMany|method|\.import\.(badFile|missingColumns|err\.)/i.test(key)) continue;
    const head = value.split(/\{[^}]*\}/).map((s) => s.trim()).sort((a, b) => b.length - a.length)[0]!;
    if (head.length >= (locale === "en" ? 8 : 4)) out.add(head);
  }
  return [...out];
}

export function htmlText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}
