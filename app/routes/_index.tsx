import { ButtonLink, Card } from "#app/components/ui";
import { useT } from "#app/i18n/react";

/** Official pages of the rules the platform applies. */
const POLICY_LINKS = [
  { href: "https://www.cnipa.gov.cn/", label: "home.policy.registration" },
  { href: "https://sipa.sh.gov.cn/", label: "home.policy.shanghai" },
] as const;

export default function Home() {
  const t = useT();
  return (
    <>
      <section className="hero">
        <div className="hero-inner">
          <div>
            <h1>{t("home.heroTitle")}</h1>
            <p>{t("home.heroBody")}</p>
            <div className="row">
              <ButtonLink to="/market">{t("home.ctaMarket")}</ButtonLink>
              <ButtonLink to="/signup" variant="secondary">{t("home.ctaSignup")}</ButtonLink>
            </div>
          </div>
        </div>
      </section>
      <div className="container">
        <div className="grid grid-3">
          <Card title={t("home.forEnterprise")}><p className="muted">{t("home.forEnterpriseBody")}</p></Card>
          <Card title={t("home.forUniversity")}><p className="muted">{t("home.forUniversityBody")}</p></Card>
          <Card title={t("home.forBank")}><p className="muted">{t("home.forBankBody")}</p></Card>
        </div>
        <section className="card home-about" aria-labelledby="home-about">
          <h2 id="home-about">{t("home.about")}</h2>
          <p data-testid="home-operator">{t("home.operator")}</p>
          <p data-testid="home-contact">{t("home.contact")}</p>
          <h3>{t("home.policies")}</h3>
          <ul>
            {POLICY_LINKS.map((l) => (
              <li key={l.href}><a href={l.href} rel="noopener noreferrer" target="_blank">{t(l.label)}</a></li>
            ))}
          </ul>
        </section>
      </div>
    </>
  );
}
