import { expect, test } from "@playwright/test";
import { contextAs, ROLES, type Role } from "./roles";

const RESOURCE = /\/(export|exports|report|files|import-template|registry)(\/|\?|$)|\/lang\?|\/logout/;
const DETAIL = /^\/[a-z/._-]*[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}[a-z/]*$/;

test("no page's HTML holds a NUL byte or a replacement character, for any role, in either language", async ({ browser }) => {
  test.setTimeout(240_000);
  for (const role of Object.keys(ROLES) as Role[]) {
    // Chinese pages carry the multi-byte text; English is checked for the roles with the most pages.
    for (const locale of (role === "enterprise" || role === "admin" ? ["zh-CN", "en"] : ["zh-CN"]) as Array<"zh-CN" | "en">) {
      const ctx = await contextAs(browser, role, { locale });
      const seen = new Set<string>();
      const queue: string[] = [...ROLES[role].pages];
      let details = 0;
      while (queue.length) {
        const path = queue.shift()!;
        if (seen.has(path)) continue;
        seen.add(path);
        const res = await ctx.request.get(path);
        expect(res.status(), `${role} ${locale} ${path}`).toBeLessThan(500);
        const body = await res.body();
        expect(body.indexOf(0), `NUL byte in ${path} as ${role} (${locale})`).toBe(-1);
        const html = body.toString("utf8");
        expect(html.includes("\uFFFD"), `U+FFFD in ${path} as ${role} (${locale})`).toBe(false);
        // One level down: the detail pages the lists link to (a few per role).
        for (const [, href] of html.matchAll(/href="(\/[^"?#]*)"/g)) {
          if (details < 6 && DETAIL.test(href!) && !RESOURCE.test(href!) && !seen.has(href!)) { queue.push(href!); details++; }
        }
      }
      expect(seen.size).toBeGreaterThanOrEqual(ROLES[role].pages.length);
      await ctx.close();
    }
  }
});
