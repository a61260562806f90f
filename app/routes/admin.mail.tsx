import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AdminNav } from "#app/components/admin-nav";
import { Card, EmptyState, PageHeader, Table } from "#app/components/ui";
import { formatDate, useLocale, useT } from "#app/i18n/react";
import { listMailLog } from "#app/services/mail-log.server";
import { requireAdmin } from "#app/utils/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const su = await requireAdmin(request);
  return listMailLog(su.actor);
}

export default function MailLog() {
  const t = useT();
  const locale = useLocale();
  const { mode, dir, files, messages } = useLoaderData<typeof loader>();
  const fileSet = new Set(files.map((f) => f.name));
  return (
    <div className="container wide stack">
      <AdminNav />
      <PageHeader title={t("mail.log.title")} subtitle={mode === "files" ? t("mail.log.intro", { dir }) : t("mail.log.mode.smtp")} />
      <Card>
        {messages.length === 0 ? <EmptyState>{t("mail.log.none")}</EmptyState> : (
          <Table caption={t("mail.log.title")} head={[t("mail.log.sent"), t("mail.log.to"), t("mail.log.subject"), t("mail.log.file")]}>
            {messages.map((m) => (
              <tr key={m.id}>
                <td>{formatDate(m.sentAt ?? m.createdAt, locale, true)}</td>
                <td className="mono">{m.to}</td>
                <td>{m.subject}</td>
                <td className="mono small">{m.transportId && fileSet.has(m.transportId) ? <a href={`/admin/mail/${m.transportId}`} download>{m.transportId}</a> : (m.transportId ?? "—")}</td>
              </tr>
            ))}
          </Table>
        )}
      </Card>
    </div>
  );
}
