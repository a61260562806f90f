import { expect, type Page } from "@playwright/test";
import { usccCheckCharacter } from "../../app/domain/uscc";

export const DEMO_PASSWORD = "demo-password-2026";

export async function login(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('form.form button[type="submit"]').click();
  await expect(page).not.toHaveURL(/\/login/);
}

export async function logout(page: Page) {
  await page.locator('form[action="/logout"] button').click();
  await expect(page).toHaveURL(/\/$/);
}

const CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
export function freshUscc() {
  let s = "91310115";
  while (s.length < 17) s += CHARSET[Math.floor(Math.random() * CHARSET.length)];
  return s + usccCheckCharacter(s);
}
