import { sql } from "drizzle-orm";
import type { Locale } from "#app/i18n/index";
import { createApiKey } from "#app/services/api-keys.server";
import { env } from "#app/utils/env.server";
import { getDb } from "#db/client.server";
import { errorFragments, htmlText, mutations, type Endpoint, type Mutation, type Role, type Sent } from "./bad-input-corpus";
import { createAdmin, createOrg } from "./factories";
import { client, startTestServer } from "./server";

/** Tables a refused request may touch without writing anything of the user's (sessions' last-seen, rate-limit counters, an API key's last-used time). */
const NOT_WRITES = /^(sessions?|rate_limit.*|__drizzle.*|api_keys)$/;

/** A digest of every table's rows: counts and contents, so an insert, an update or a delete shows. */
async function snapshot(): Promise<Map<string, string>> {
  const db = await getDb();
  const rows = (await db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`)) as unknown as { table_name: string }[];
  const names = rows.map((r) => r.table_name).filter((n) => !NOT_WRITES.test(n));
  const q = names.map((n) => `select '${n}' as t, count(*)::text || ':' || coalesce(md5(string_agg(x::text, '|' order by x::text)), '') as d from "${n}" x`).join(" union all ");
  const out = (await db.execute(sql.raw(q))) as unknown as { t: string; d: string }[];
  return new Map(out.map((r) => [r.t, r.d]));
}
const changed = (a: Map<string, string>, b: Map<string, string>) => [...a].filter(([t, d]) => b.get(t) !== d).map(([t]) => t);

export type Failure = { case: string; problem: string };
export type Figures = { cases: number; fiveXx: number; accepted: number; noMessage: number; wrongLanguage: number; resets: number; rateLimited: number; writes: number; seconds: number };

type Case = { name: string; endpoint: Endpoint; mutation: Mutation; locale: Locale; via: "default" | "cookie" | "accept-language" | "query" };

const ALLOWED = new Set([400, 401, 403, 404, 405, 409, 413, 415, 422]);
const CJK = /[\u4e00-\u9fff]/;

/** Walks the endpoints × mutations against one server, in parallel batches; returns failures and figures. */
export async function walkCorpus(list: Endpoint[], opts: { batch?: number } = {}) {
  const started = Date.now();
  const server = await startTestServer();
  try {
    const [enterprise, bank, insurer, admin] = await Promise.all([createOrg(), createOrg({ kind: "bank" }), createOrg({ kind: "insurer" }), createAdmin()]);
    const sessions = new Map<Role, string>();
    for (const [role, org] of [["enterprise", enterprise], ["bank", bank], ["insurer", insurer], ["admin", admin]] as const) {
      const c = client(server.base);
      await c.login(org.email, "test-password-123");
      sessions.set(role, [...c.jar].map(([k, v]) => `${k}=${v}`).join("; "));
    }
    const { key } = await createApiKey(bank.actor, "corpus");

    const all = mutations(env.FORM_MAX_BYTES, env.JSON_MAX_BYTES, env.UPLOAD_MAX_BYTES, env.IMPORT_MAX_UNCOMPRESSED_BYTES);
    const cases: Case[] = [];
    for (const endpoint of list) {
      for (const mutation of all) {
        if (mutation.applies && !mutation.applies(endpoint)) continue;
        if (process.env.CORPUS_ONLY && !mutation.name.includes(process.env.CORPUS_ONLY)) continue;
        const i = cases.length;
        const locale: Locale = i % 2 === 0 ? "zh-CN" : "en";
        const vias = ["default", "cookie", "accept-language", "query"] as const;
        let via: Case["via"] = locale === "zh-CN" ? (i % 4 === 0 ? "default" : "cookie") : vias[1 + ((i >> 1) % 3)]!;
        // A bank's system has no cookie: the API reads ?lang and Accept-Language.
        if (endpoint.kind === "json" && via === "cookie") via = locale === "zh-CN" ? "default" : "accept-language";
        cases.push({ name: `${endpoint.path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ":id")} × ${mutation.name} [${locale} via ${via}]`, endpoint, mutation, locale, via });
      }
    }

    const failures: Failure[] = [];
    const figures: Figures = { cases: cases.length, fiveXx: 0, accepted: 0, noMessage: 0, wrongLanguage: 0, resets: 0, rateLimited: 0, writes: 0, seconds: 0 };
    const send = async (c: Case) => {
      const sent: Sent = await c.mutation.make(c.endpoint);
      const headers: Record<string, string> = { origin: server.base };
      if (sent.type) headers["content-type"] = sent.type;
      const cookies = [c.endpoint.kind === "form" ? sessions.get(c.endpoint.role) : undefined, c.via === "cookie" ? `lang=${c.locale === "en" ? "en" : "zh-CN"}` : undefined].filter(Boolean);
      if (cookies.length) headers.cookie = cookies.join("; ");
      if (c.via === "accept-language") headers["accept-language"] = c.locale === "en" ? "en-GB,en;q=0.9" : "zh-CN,zh;q=0.9";
      if (c.endpoint.kind === "json") headers.authorization = `Bearer ${key}`;
      let path = sent.path ?? c.endpoint.path;
      if (c.via === "query") path += `${path.includes("?") ? "&" : "?"}lang=${c.locale === "en" ? "en" : "zh-CN"}`;
      let res: Response;
      try {
        res = await fetch(server.base + path, { method: c.endpoint.method ?? "POST", headers, body: sent.body, redirect: "manual", signal: AbortSignal.timeout(4_000) });
      } catch (e) {
        figures.resets++;
        return failures.push({ case: c.name, problem: `no answer (${(e as Error).cause ?? e})` });
      }
      const text = await res.text().catch(() => "(body cut off)");
      if (res.status >= 500) figures.fiveXx++;
      if (res.status < 400) figures.accepted++;
      if (res.status === 429) figures.rateLimited++;
      if (!ALLOWED.has(res.status)) return failures.push({ case: c.name, problem: `status ${res.status}` });
      let message = "";
      if ((res.headers.get("content-type") ?? "").includes("json")) {
        try {
          const body = JSON.parse(text) as { error?: { message?: unknown; code?: unknown } };
          if (typeof body.error?.code !== "string" || !body.error.code) failures.push({ case: c.name, problem: `${res.status} without error.code` });
          message = typeof body.error?.message === "string" ? body.error.message : "";
        } catch {
          message = "";
        }
        if (!message) figures.noMessage++;
        else if (CJK.test(message) !== (c.locale === "zh-CN")) figures.wrongLanguage++;
        if (!message) return failures.push({ case: c.name, problem: `${res.status} json without error.message` });
        if (CJK.test(message) !== (c.locale === "zh-CN")) return failures.push({ case: c.name, problem: `${res.status} message not in ${c.locale}: ${message.slice(0, 80)}` });
      } else {
        const visible = htmlText(text);
        if (!errorFragments(c.locale).some((f) => visible.includes(f))) {
          figures.noMessage++;
          return failures.push({ case: c.name, problem: `${res.status} no ${c.locale} error message in: ${visible.replace(/\s+/g, " ").slice(0, Number(process.env.CORPUS_TEXT ?? 100))}` });
        }
      }
    };

    const size = opts.batch ?? 24;
    for (let at = 0; at < cases.length; at += size) {
      const batch = cases.slice(at, at + size);
      const before = await snapshot();
      await Promise.all(batch.map(send));
      const touched = changed(before, await snapshot());
      if (process.env.CORPUS_TRACE) console.error(`batch ${at}: ${Date.now() - started} ms`);
      if (touched.length) {
        figures.writes++;
        failures.push({ case: `batch ${at / size}`, problem: `wrote to ${touched.join(", ")} (${batch[0]!.name} … ${batch.at(-1)!.name})` });
      }
    }
    figures.seconds = Math.round((Date.now() - started) / 100) / 10;
    return { failures, figures };
  } finally {
    await server.close();
  }
}

export const figuresLine = (name: string, f: Figures, failures: number) =>
  `corpus (${name}): ${f.cases} cases, 5xx ${f.fiveXx}, 2xx/3xx ${f.accepted}, resets ${f.resets}, 429 ${f.rateLimited}, no message ${f.noMessage}, wrong language ${f.wrongLanguage}, batches that wrote ${f.writes}, failures ${failures}, seconds ${f.seconds}`;
