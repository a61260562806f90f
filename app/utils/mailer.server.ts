import fs from "node:fs/promises";
import path from "node:path";
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "./env.server";

/**
 * The one way out for e-mail: SMTP (`SMTP_URL`) through nodemailer, or — without it, in embedded
 * mode — nodemailer's stream transport, each message written as an `.eml` file under `MAIL_DIR`
 * (listed on /admin/mail).
 */
let transport: Transporter | null = null;
const smtp = () => Boolean(env.SMTP_URL);

function getTransport(): Transporter {
  transport ??= smtp() ? nodemailer.createTransport(env.SMTP_URL!) : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return transport;
}

export type OutgoingMail = { to: string; subject: string; text: string; messageId: string; locale: string };

/** Sends one message; the same `messageId` on a resend lets mail systems drop the duplicate. Returns the transport's id or the file. */
export async function sendMail(m: OutgoingMail): Promise<string> {
  const info = await getTransport().sendMail({
    from: env.MAIL_FROM, to: m.to, subject: m.subject, text: m.text, messageId: m.messageId,
    headers: { "Content-Language": m.locale, "Auto-Submitted": "auto-generated" },
  });
  if (smtp()) return info.messageId;
  const dir = path.resolve(process.cwd(), env.MAIL_DIR);
  await fs.mkdir(dir, { recursive: true });
  const name = `${new Date().toISOString().replace(/[:.]/g, "-")}-${m.messageId.replace(/[^a-zA-Z0-9]/g, "").slice(0, 24)}.eml`;
  await fs.writeFile(path.join(dir, name), (info as unknown as { message: Buffer }).message);
  return name;
}

/** Embedded mode's mail folder, newest first (the admin page lists it). */
export async function listMailFiles(limit = 200) {
  const dir = path.resolve(process.cwd(), env.MAIL_DIR);
  let names: string[];
  try {
    names = (await fs.readdir(dir)).filter((n) => n.endsWith(".eml"));
  } catch {
    return [];
  }
  names.sort().reverse();
  return Promise.all(names.slice(0, limit).map(async (name) => ({ name, bytes: (await fs.stat(path.join(dir, name))).size })));
}

/** One `.eml` file by name; names outside the folder (or not ours) are refused. */
export async function readMailFile(name: string): Promise<Buffer | null> {
  if (!/^[\w-]+\.eml$/.test(name)) return null;
  try {
    return await fs.readFile(path.join(path.resolve(process.cwd(), env.MAIL_DIR), name));
  } catch {
    return null;
  }
}

export const mailMode = () => (smtp() ? "smtp" : "files") as "smtp" | "files";

/** Tests: drop the cached transport after changing SMTP_URL. */
export function resetMailTransport() {
  transport?.close();
  transport = null;
}
