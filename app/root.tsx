import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form, isRouteErrorResponse, Link, Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration,
  useLocation, useRouteError, useRouteLoaderData,
} from "@remix-run/react";
import { useEffect, useState, type ReactNode } from "react";
import { navFor, type NavUser } from "#app/components/nav";
import { Unavailable } from "#app/components/unavailable";
import { translator, type Locale } from "#app/i18n/index";
import { useLocale, useT } from "#app/i18n/react";
import { getSessionUser } from "#app/utils/auth.server";
import { getLocale } from "#app/utils/i18n.server";
import { useNonce } from "#app/utils/nonce";
import styles from "./styles.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = getLocale(request);
  const su = await getSessionUser(request);
  return {
    locale,
    user: su
      ? {
          name: su.user.name, orgName: su.org.name, orgKind: su.org.kind, orgStatus: su.org.status,
          unread: su.unread,
        }
      : null,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const t = translator((data?.locale ?? "zh-CN") as Locale);
  return [{ title: t("app.name") }, { name: "description", content: t("app.tagline") }];
};

type RootData = Awaited<ReturnType<typeof loader>>;

export function Layout({ children }: { children: ReactNode }) {
  const root = useRouteLoaderData("root") as RootData | undefined;
  const locale = useLocale();
  const nonce = useNonce();
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <Shell user={root?.user ?? null}>{children}</Shell>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function Shell({ user, children }: { user: RootData["user"]; children: ReactNode }) {
  const t = useT();
  const location = useLocation();
  const root = useRouteLoaderData("root") as RootData | undefined;
  const other = root?.locale === "en" ? "zh-CN" : "en";
  const here = location.pathname + location.search;
  const nav = navFor(user as NavUser);
  // The phone menu: folded by default on narrow screens (CSS), closed again after each navigation.
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => setMenuOpen(false), [location.pathname]);
  return (
    <>
      <a className="skip-link" href="#main">
        {t("nav.skip")}
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <Link to="/" className="brand" aria-label={t("app.name")}>
            <span className="brand-mark" aria-hidden="true">知</span>
            <span className="brand-text">
              <strong>{t("app.shortName")}</strong>
              <small>{t("app.name")}</small>
            </span>
          </Link>
          <button type="button" className="menu-button" aria-expanded={menuOpen} aria-controls="site-nav"
            aria-label={t(menuOpen ? "nav.menuClose" : "nav.menuOpen")} onClick={() => setMenuOpen((o) => !o)}>
            <span aria-hidden="true">☰</span> {t("nav.menu")}
          </button>
          <nav aria-label={t("nav.menu")} id="site-nav" className={menuOpen ? "nav open" : "nav"}>
              {nav.map((n) => (
                <NavLink key={n.to} to={n.to} prefetch="intent">
                  {t(n.label)}
                </NavLink>
              ))}
              {user ? (
                <NavLink to="/notifications" className="nav-bell">
                  {t("nav.notifications")}
                  {user.unread ? <span className="count" aria-label={String(user.unread)}>{user.unread}</span> : null}
                </NavLink>
              ) : null}
          </nav>
          <div className="topbar-right">
            <a className="lang" href={`/lang?to=${other}&redirectTo=${encodeURIComponent(here)}`} hrefLang={other} lang={other}>
              {t("lang.switch")}
            </a>
            {user ? (
              <>
                <Link to="/account" className="whoami">
                  <span>{user.name}</span>
                  <small>{user.orgName}</small>
                </Link>
                <Form method="post" action="/logout">
                  <button type="submit" className="btn btn-ghost">
                    {t("nav.logout")}
                  </button>
                </Form>
              </>
            ) : (
              <>
                <Link to="/login" className="btn btn-ghost">
                  {t("nav.login")}
                </Link>
                <Link to="/signup" className="btn btn-primary">
                  {t("nav.signup")}
                </Link>
              </>
            )}
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="footer">
        <p>{t("footer.note")} · <a href="/verify">{t("verify.title")}</a></p>
      </footer>
    </>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  if (isRouteErrorResponse(error) && error.status === 503) return <Unavailable />;
  let title = t("errors.title");
  let body = t("errors.server");
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) [title, body] = [t("errors.notFound"), t("errors.notFoundBody")];
    else if (error.status === 403) [title, body] = [t("errors.forbidden"), t("errors.forbiddenBody")];
    else if (error.status === 401) [title, body] = [t("errors.unauthorized"), ""];
    else if (error.status === 400) [title, body] = [t("errors.badRequest"), t("errors.brokenBody")];
    else if (error.status === 405) [title, body] = [t("errors.methodNotAllowed"), ""];
    else if (error.status === 413) [title, body] = [t("errors.tooLargeTitle"), ""];
    else if (error.status === 415) [title, body] = [t("errors.unsupportedTypeTitle"), t("errors.unsupportedType")];
    else if (error.status === 429) [title, body] = [t("errors.tooManyRequests"), ""];
    // The boundary's own refusals carry their message, already in the reader's language.
    if (error.status === 413 || error.status === 400) body = typeof error.data === "string" && error.data && !/^(Bad Request|Payload Too Large)$/.test(error.data) ? error.data : body;
  }
  const status = isRouteErrorResponse(error) ? error.status : 500;
  return (
    <div className="container narrow">
      <div className="card error-page">
        <p className="muted">HTTP {status}</p>
        <h1>{title}</h1>
        {body ? <p>{body}</p> : null}
        <p>
          <Link to="/">{t("nav.home")}</Link>
          {status === 403 ? (
            <>
              {" · "}
              <Link to="/account">{t("nav.account")}</Link>
            </>
          ) : null}
        </p>
      </div>
    </div>
  );
}
