import { Writable } from "node:stream";
import { createElement } from "react";
import { renderToPipeableStream, renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";

/**
 * React 18.3.1's Node stream renderer encodes strings into 2 KiB views; when a multi-byte character
 * did not fit at the end of a view it flushed the whole view, zero-filled tail included (NUL bytes in
 * the HTML, read out by screen readers inside labels). patches/react-dom+18.3.1.patch flushes only
 * the bytes written; these renders put Chinese text across every offset around the boundaries.
 */
function renderStream(el: ReturnType<typeof createElement>): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) { chunks.push(Buffer.from(chunk)); done(); },
      final(done) { resolve(Buffer.concat(chunks)); done(); },
    });
    const { pipe } = renderToPipeableStream(el, { onAllReady: () => pipe(sink), onError: reject });
  });
}

// Strings of up to 682 characters go through the 2 KiB view (longer ones are written directly), so
// the padding before the Chinese label is made of several such strings.
const page = (pad: number) =>
  createElement("main", null,
    createElement("p", null, "y".repeat(600)), createElement("p", null, "y".repeat(600)), createElement("p", null, "y".repeat(600)),
    createElement("p", null, "x".repeat(pad)),
    createElement("label", { title: "知识产权质押融资申请（可贷上限）", "aria-label": "申请金额（元）" }, "质押登记办法第四条：年费滞纳期内不予登记"),
    createElement("p", null, "中".repeat(600)),
    createElement("span", { title: "专利权人、质权人与出质人" }, "上海市浦东新区知识产权服务中心"));

describe("the server renderer's stream", () => {
  it("writes no NUL byte and no broken character when Chinese text straddles a 2 KiB view", async () => {
    for (let pad = 0; pad <= 600; pad++) {
      const bytes = await renderStream(page(pad));
      expect(bytes.includes(0), `NUL byte with ${pad} characters before the label`).toBe(false);
      const html = bytes.toString("utf8");
      expect(html).not.toContain("\uFFFD");
      expect(html).toBe(renderToString(page(pad)));
    }
  });
});
