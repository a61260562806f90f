import { expect, test, type Page } from "@playwright/test";
import { login } from "./support";

/** Every CSP violation the page reports (the event fires for blocked inline scripts, styles, frames…). */
async function watchViolations(page: Page) {
  const console: string[] = [];
  page.on("console", (m) => {
    if (/content security policy/i.test(m.text())) console.push(m.text());
  });
  await page.addInitScript(() => {
    (window as unknown as { __csp: string[] }).__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __csp: string[] }).__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return async () => [...console, ...(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp))];
}

test("pages carry a nonce CSP, no framing, a Permissions-Policy, and still hydrate and submit forms with no violation", async ({ page }) => {
  const violations = await watchViolations(page);
  const res = await page.goto("/");
  const headers = res!.headers();
  const csp = headers["content-security-policy"]!;
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["permissions-policy"]).toContain("camera=()");
  // A new nonce for every response.
  const again = await page.request.get("/");
  expect(again.headers()["content-security-policy"]).not.toBe(csp);

  // Hydrated: a link navigates on the client (a marker on window survives), no reload.
  await page.goto("/login");
  await page.evaluate(() => ((window as unknown as { __marker: number }).__marker = 1));
  await page.getByRole("link", { name: /注册|Register|Sign up/ }).first().click();
  await expect(page).toHaveURL(/\/signup$/);
  expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(1);

  // A form submits through Remix's client (fetch), and the next pages render.
  await login(page, "admin@demo.ipm");
  await page.goto("/admin");
  await page.goto("/market");
  await expect(page.locator("h1").first()).toBeVisible();
  expect(await violations()).toEqual([]);
});

test("an inline script that lacks the nonce is refused and reported", async ({ page }) => {
  const violations = await watchViolations(page);
  await page.goto("/login");
  const ran = await page.evaluate(() => {
    const s = document.createElement("script");
    s.textContent = "window.__injected = true";
    document.body.appendChild(s);
    return (window as unknown as { __injected?: boolean }).__injected === true;
  });
  expect(ran).toBe(false);
  await expect.poll(async () => (await violations()).length).toBeGreaterThan(0);
});
