import http from "node:http";
import { createElement, Fragment, type ReactNode } from "react";

/**
 * The SSR benchmark's anchor: a bare `node:http` server that renders, on every request, the same
 * markup as a page of the app with React's `renderToString` from an equivalent element tree (the
 * page's HTML read back into elements once). What the app does beyond that — routing, loaders,
 * database round trips, sessions, compression — is what the ratio measures.
 */

const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]);
const RAW = new Set(["script", "style"]);
const BOOLEAN = new Set(["checked", "selected", "disabled", "required", "hidden", "readonly", "multiple", "open", "novalidate", "async", "defer", "autofocus", "nomodule"]);
const RENAME: Record<string, string> = {
  class: "className", for: "htmlFor", tabindex: "tabIndex", readonly: "readOnly", maxlength: "maxLength", minlength: "minLength", colspan: "colSpan",
  rowspan: "rowSpan", autocomplete: "autoComplete", enctype: "encType", novalidate: "noValidate", crossorigin: "crossOrigin", charset: "charSet",
  "http-equiv": "httpEquiv", inputmode: "inputMode", nomodule: "noModule", autofocus: "autoFocus", datetime: "dateTime", srcset: "srcSet",
};

const decode = (s: string) => s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
  if (e[0] === "#") return String.fromCodePoint(e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  return ({ amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" } as Record<string, string>)[e.toLowerCase()]!;
});

function props(attrs: string, tag: string, key: number): Record<string, unknown> {
  const out: Record<string, unknown> = { key };
  for (const m of attrs.matchAll(/([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
    const name = m[1]!.toLowerCase();
    const value = decode(m[2] ?? m[3] ?? m[4] ?? "");
    if (name === "style") {
      out.style = Object.fromEntries(value.split(";").map((d) => d.split(":")).filter((d) => d.length >= 2 && d[0]!.trim())
        .map(([k, ...v]) => [k!.trim().startsWith("--") ? k!.trim() : k!.trim().replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()), v.join(":").trim()]));
    } else if (BOOLEAN.has(name)) out[RENAME[name] ?? name] = true;
    else if (name === "value" && (tag === "input" || tag === "textarea" || tag === "select")) out.defaultValue = value;
    else if (name === "checked") out.defaultChecked = true;
    else out[RENAME[name] ?? name] = value;
  }
  return out;
}

/** A page's HTML read back into React elements (the `<html>` element and everything in it). */
export function elementsOf(html: string): ReactNode {
  const root: { tag: string; attrs: Record<string, unknown>; children: ReactNode[] } = { tag: "#root", attrs: {}, children: [] };
  const stack = [root];
  let key = 0;
  const re = /<!--[\s\S]*?-->|<!doctype[^>]*>|<\/([a-zA-Z0-9-]+)\s*>|<([a-zA-Z0-9-]+)((?:\s+[^\s=/>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*(\/?)>|[^<]+|</gi;
  let m: RegExpExecArray | null;
  while ((m = re.exec(html))) {
    const top = stack[stack.length - 1]!;
    if (m[0].startsWith("<!")) continue;
    if (m[1]) {
      // A closing tag: pop to its element.
      const tag = m[1].toLowerCase();
      while (stack.length > 1) {
        const el = stack.pop()!;
        stack[stack.length - 1]!.children.push(createElement(el.tag, el.attrs, ...el.children));
        if (el.tag === tag) break;
      }
    } else if (m[2]) {
      const tag = m[2].toLowerCase();
      const attrs = props(m[3] ?? "", tag, key++);
      if (RAW.has(tag)) {
        const end = html.indexOf(`</${tag}>`, re.lastIndex);
        const body = html.slice(re.lastIndex, end < 0 ? html.length : end);
        re.lastIndex = end < 0 ? html.length : end + tag.length + 3;
        top.children.push(createElement(tag, { ...attrs, dangerouslySetInnerHTML: { __html: body } }));
      } else if (VOID.has(tag) || m[4]) top.children.push(createElement(tag, attrs));
      else stack.push({ tag, attrs, children: [] });
    } else {
      // Adjacent text is one text node, as React rendered it.
      const last = top.children[top.children.length - 1];
      if (typeof last === "string") top.children[top.children.length - 1] = last + decode(m[0]);
      else top.children.push(decode(m[0]));
    }
  }
  while (stack.length > 1) {
    const el = stack.pop()!;
    stack[stack.length - 1]!.children.push(createElement(el.tag, el.attrs, ...el.children));
  }
  return root.children;
}

/** Serves each path's element tree, rendered with `renderToString` on every request. */
export async function startAnchor(pages: Record<string, string>, port: number) {
  process.env.NODE_ENV = "production";
  const { renderToString } = await import("react-dom/server");
  const trees = Object.fromEntries(Object.entries(pages).map(([path, html]) => [path, elementsOf(html.replace(/^<!DOCTYPE html>/i, ""))]));
  const server = http.createServer((req, res) => {
    const tree = trees[req.url ?? ""];
    if (!tree) {
      res.writeHead(404).end();
      return;
    }
    const body = `<!DOCTYPE html>${renderToString(createElement(Fragment, null, tree))}`;
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Length": Buffer.byteLength(body) }).end(body);
  });
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  return {
    /** Bytes the anchor sends for a path (to compare with the page's). */
    size: (path: string) => Buffer.byteLength(`<!DOCTYPE html>${renderToString(createElement(Fragment, null, trees[path]))}`),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
