import type { Translate } from "#app/i18n/index";

/**
 * E-mail templates, pure: the text of each message in the recipient's language (`t` is theirs).
 * Plain text, so every client shows the same; links are absolute (the app's public origin).
 */

export type MailContent = { subject: string; text: string };

/** Notification kinds by their dictionary prefix; the preference is chosen per category. */
export const MAIL_CATEGORIES = ["financing", "market", "valuation", "royalty", "fund", "insurance", "subsidy", "campaign", "webhooks", "account"] as const;
export type MailCategory = (typeof MAIL_CATEGORIES)[number];

export function categoryOf(kind: string): MailCategory {
  const head = kind.split(".")[0] ?? "";
  return (MAIL_CATEGORIES as readonly string[]).includes(head) ? (head as MailCategory) : "account";
}

export type Channel = "in_app" | "email" | "digest";
/** No preference stored: an e-mail besides the in-app notification. */
export const DEFAULT_CHANNEL: Channel = "email";

const footer = (t: Translate, origin: string) => `\n\n--\n${t("mail.brand")}\n${t("mail.footer", { url: `${origin}/account/notifications` })}\n`;
const abs = (origin: string, link: string) => (/^https?:\/\//.test(link) ? link : `${origin}${link.startsWith("/") ? "" : "/"}${link}`);
const oneLine = (s: string, max = 80) => {
  const flat = s.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

export function notificationMail(t: Translate, m: { name: string; text: string; link: string | null; origin: string }): MailContent {
  const lines = [t("mail.greeting", { name: m.name }), "", m.text];
  if (m.link) lines.push("", t("mail.open", { url: abs(m.origin, m.link) }));
  return { subject: t("mail.notification.subject", { text: oneLine(m.text) }), text: lines.join("\n") + footer(t, m.origin) };
}

export function digestMail(t: Translate, m: { name: string; date: string; items: { text: string; link: string | null }[]; origin: string }): MailContent {
  const lines = [t("mail.greeting", { name: m.name }), "", t("mail.digest.intro", { date: m.date }), ""];
  for (const it of m.items) lines.push(`• ${it.text}${it.link ? `\n  ${abs(m.origin, it.link)}` : ""}`);
  return { subject: t("mail.digest.subject", { date: m.date, count: m.items.length }), text: lines.join("\n") + footer(t, m.origin) };
}

export function verifyMail(t: Translate, m: { name: string; url: string; hours: number; origin: string }): MailContent {
  const text = [t("mail.greeting", { name: m.name }), "", t("mail.verify.body", { hours: m.hours }), m.url].join("\n");
  return { subject: t("mail.verify.subject"), text: text + footer(t, m.origin) };
}

export function resetMail(t: Translate, m: { name: string; url: string; minutes: number; origin: string }): MailContent {
  const text = [t("mail.greeting", { name: m.name }), "", t("mail.reset.body", { minutes: m.minutes }), m.url, "", t("mail.reset.ignore")].join("\n");
  return { subject: t("mail.reset.subject"), text: text + footer(t, m.origin) };
}

/** Account notices that are not a notification of an organisation (the reader may belong to none). */
export type AccountNotice = "signup-attempt" | "join-accepted" | "join-declined";

export function accountNoticeMail(t: Translate, m: { notice: AccountNotice; name: string; email: string; org: string; origin: string }): MailContent {
  const login = `${m.origin}/login`;
  const hello = [t("mail.greeting", { name: m.name }), ""];
  if (m.notice === "signup-attempt") {
    const text = [...hello, t("mail.notice.signup.body", { email: m.email }), login, "", t("mail.notice.signup.reset"), `${m.origin}/forgot-password`, "", t("mail.notice.signup.ignore")];
    return { subject: t("mail.notice.signup.subject"), text: text.join("\n") + footer(t, m.origin) };
  }
  if (m.notice === "join-accepted") {
    return { subject: t("mail.notice.joinAccepted.subject", { org: m.org }), text: [...hello, t("mail.notice.joinAccepted.body", { org: m.org }), login].join("\n") + footer(t, m.origin) };
  }
  return { subject: t("mail.notice.joinDeclined.subject"), text: [...hello, t("mail.notice.joinDeclined.body", { org: m.org })].join("\n") + footer(t, m.origin) };
}
