import { describe, expect, it } from "vitest";
import { translator } from "#app/i18n/index";
import { bodyLimit, formFromRequest, readBytes, readForm, readJson } from "./body.server";

const url = "http://app.test/x";
const post = (body: BodyInit | null, type?: string, headers: Record<string, string> = {}) =>
  new Request(url, { method: "POST", body, headers: { ...(type ? { "content-type": type } : {}), ...headers }, duplex: "half" } as RequestInit);

/** A body that counts how much of it was pulled, to show the limit cuts the stream off. */
function countingStream(chunk: Uint8Array, chunks: number) {
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(c) {
      if (sent >= chunks) return c.close();
      sent++;
      c.enqueue(chunk);
    },
  });
  return { stream, sent: () => sent };
}

describe("the input boundary", () => {
  it("reads an urlencoded form", async () => {
    const form = await formFromRequest(post("a=1&b=%E5%BC%A0&b=two+words", "application/x-www-form-urlencoded"), "form");
    expect(form.get("a")).toBe("1");
    expect(form.getAll("b")).toEqual(["张", "two words"]);
  });

  it("reads a multipart form", async () => {
    const fd = new FormData();
    fd.append("name", "园区");
    const form = await formFromRequest(new Request(url, { method: "POST", body: fd }), "form");
    expect(form.get("name")).toBe("园区");
  });

  it("treats an empty body without a type as an empty form", async () => {
    expect([...(await formFromRequest(post(null), "form"))]).toEqual([]);
  });

  it.each([
    ["JSON", '{"a":1}', "application/json"],
    ["plain text", "a=1", "text/plain"],
    ["no type at all", "a=1", undefined],
  ])("refuses %s sent to a form route with 415", async (_why, body, type) => {
    await expect(formFromRequest(post(body, type), "form")).rejects.toMatchObject({ status: 415 });
  });

  it("refuses a broken multipart body with 400", async () => {
    await expect(formFromRequest(post("--x\r\nnonsense", "multipart/form-data; boundary=y"), "form")).rejects.toMatchObject({ status: 400 });
  });

  it("refuses percent-escapes that are not UTF-8 with 400", async () => {
    await expect(formFromRequest(post("a=%FF%FE", "application/x-www-form-urlencoded"), "form")).rejects.toMatchObject({ status: 400 });
    await expect(formFromRequest(post("a=%ED%A0%80", "application/x-www-form-urlencoded"), "form")).rejects.toMatchObject({ status: 400 });
  });

  it("refuses a declared length over the limit without reading", async () => {
    const { stream, sent } = countingStream(new Uint8Array(1024), 10);
    await expect(readBytes(post(stream, "application/json", { "content-length": "999999" }), 1000)).rejects.toMatchObject({ status: 413 });
    expect(sent()).toBeLessThanOrEqual(1);
  });

  it("stops reading an undeclared stream as soon as it passes the limit", async () => {
    const { stream, sent } = countingStream(new Uint8Array(64 * 1024), 1000);
    await expect(readBytes(post(stream, "application/json"), 256 * 1024)).rejects.toMatchObject({ status: 413 });
    expect(sent()).toBeLessThan(10);
  });

  it("answers a form route's refusal as a page in the reader's language", async () => {
    const en = await readForm(new Request(`${url}?lang=en`, { method: "POST", body: "{}", headers: { "content-type": "application/json" } })).catch((e: Response) => e);
    expect(en).toBeInstanceOf(Response);
    expect((en as Response).status).toBe(415);
    expect(await (en as Response).text()).toMatch(/Unsupported submission format/);
    const zh = await readForm(post("x".repeat(bodyLimit("form") + 1), "application/x-www-form-urlencoded")).catch((e: Response) => e);
    expect((zh as Response).status).toBe(413);
    expect(await (zh as Response).text()).toMatch(/提交的内容过大/);
  });

  describe("API bodies", () => {
    const t = translator("en");
    const errorOf = async (r: Awaited<ReturnType<typeof readJson>>) => {
      if (r.ok) throw new Error("expected a refusal");
      return { status: r.response.status, body: (await r.response.json()) as { error: { code: string; message: string; fields?: Record<string, string[]> } } };
    };

    it("reads JSON, NFC-normalised, and keeps the raw text", async () => {
      const r = await readJson(post('{"name":"Cafe\\u0301"}', "application/json"), t);
      expect(r).toMatchObject({ ok: true, value: { name: "Café" }, text: '{"name":"Cafe\\u0301"}' });
    });

    it("answers 415 for a form body, 400 for broken JSON, 413 for too much", async () => {
      expect((await errorOf(await readJson(post("a=1", "application/x-www-form-urlencoded"), t))).body.error.code).toBe("unsupported_media_type");
      const broken = await errorOf(await readJson(post("{nope", "application/json"), t));
      expect(broken).toMatchObject({ status: 400, body: { error: { code: "invalid_json" } } });
      const big = await errorOf(await readJson(post(JSON.stringify({ a: "x".repeat(bodyLimit("json")) }), "application/json"), t));
      expect(big).toMatchObject({ status: 413, body: { error: { code: "payload_too_large" } } });
      expect(big.body.error.message).toMatch(/too large/);
    });

    it("answers a NUL or a lone surrogate inside a string with the field's message", async () => {
      const r = await errorOf(await readJson(post('{"reference":"a\\u0000b","note":"\\ud800"}', "application/json"), t));
      expect(r.status).toBe(400);
      expect(r.body.error.fields).toEqual({ reference: ["Contains control characters that are not allowed"], note: ["Contains invalid character encoding"] });
    });
  });
});
